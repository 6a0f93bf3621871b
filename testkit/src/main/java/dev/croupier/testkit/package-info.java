package dev.croupier.testkit;
