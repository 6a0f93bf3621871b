package dev.croupier.drills.drill;

/** One fault drill: all three jobs running together, faults injected, outputs against oracles. */
public interface Drill {
  /** The name on the command line and in the table ({@code tm-kill}, ...). */
  String name();

  /** One line on what it does. */
  String summary();

  DrillResult run(DrillContext context) throws Exception;
}
