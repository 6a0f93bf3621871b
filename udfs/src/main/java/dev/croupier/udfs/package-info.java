package dev.croupier.udfs;
