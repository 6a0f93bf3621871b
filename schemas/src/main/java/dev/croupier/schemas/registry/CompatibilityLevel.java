package dev.croupier.schemas.registry;

/** The Confluent compatibility levels. Croupier's topics evolve under BACKWARD. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE
}
