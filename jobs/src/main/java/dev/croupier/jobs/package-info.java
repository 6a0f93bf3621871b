package dev.croupier.jobs;
