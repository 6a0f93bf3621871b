package dev.croupier.schemas;
