package dev.croupier.schemas;

import org.apache.avro.Conversion;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Makes Avro trust Croupier's generated classes ({@value #PACKAGE}) without a JVM option. Avro 1.12
 * refuses to load a class it was not told to trust ({@code SecurityException: Forbidden …}) and
 * reads that trust from {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}, a flag a job cannot set on
 * a shared Flink cluster.
 *
 * <p>Why this hook: the trust is a static of {@link ClassSecurityValidator} in the classloader that
 * loaded Avro. Avro is shaded unrelocated into the job jar and Flink resolves {@code
 * org.apache.avro} child-first, so on a TaskManager that is the job's user-code classloader — one
 * per job per TaskManager, created afresh after every restart. Avro looks a class up only through a
 * data model ({@code GenericData}/{@code SpecificData}), and every data model, when constructed,
 * instantiates the {@code org.apache.avro.Conversion} services of its classloader. {@link
 * OnAvroDataModel} is one (see {@code META-INF/services}), so the trust is installed before the
 * first lookup of every path that decodes Avro: Kafka sources, records between tasks, state
 * restored before {@code open()}, CEP buffers, the client building the job graph. The system
 * property still works: it is kept as the other half of the composite.
 */
public final class GeneratedClassTrust {
  /** The package the Avro compiler generates Croupier's classes into. */
  public static final String PACKAGE = "dev.croupier.schemas.avro";

  private static final ClassSecurityPredicate GENERATED =
      c -> c.getName().startsWith(PACKAGE + ".");
  private static volatile ClassSecurityPredicate installed;

  private GeneratedClassTrust() {}

  /** Trusts {@value #PACKAGE} besides whatever Avro trusts already; idempotent, cheap. */
  public static void install() {
    if (installed != null && ClassSecurityValidator.getGlobal() == installed) {
      return;
    }
    synchronized (GeneratedClassTrust.class) {
      ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
      if (current != installed) {
        ClassSecurityPredicate trusting = ClassSecurityValidator.composite(current, GENERATED);
        ClassSecurityValidator.setGlobal(trusting);
        installed = trusting;
      }
    }
  }

  /** Whether Avro, in this class's classloader, trusts {@code type} now. */
  public static boolean isTrusted(Class<?> type) {
    return ClassSecurityValidator.getGlobal().isTrusted(type);
  }

  /**
   * The service Avro instantiates with every data model it constructs; it converts nothing (no
   * schema names its logical type) and exists to run {@link #install()} first.
   */
  public static final class OnAvroDataModel extends Conversion<OnAvroDataModel.Unused> {
    /** Never a datum: keeps this conversion out of every lookup by class. */
    public static final class Unused {
      private Unused() {}
    }

    public OnAvroDataModel() {
      install();
    }

    @Override
    public Class<Unused> getConvertedType() {
      return Unused.class;
    }

    @Override
    public String getLogicalTypeName() {
      return "croupier-generated-class-trust";
    }
  }
}
