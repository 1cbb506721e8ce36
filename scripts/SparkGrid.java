///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Spark's Jackson first (Quarry's own 2.17 makes Spark fail at its first query), then Spark
// itself, then the Spark module, whose pom keeps Quarry's Hadoop off the class path.
//DEPS com.fasterxml.jackson:jackson-bom:2.21.2@pom
//DEPS org.apache.spark:spark-sql_2.13:4.2.0
//DEPS dev.quarry:quarry-spark:0.1.0
// The options Spark's own launcher adds on JDK 17, as QuarrySpark.javaOptions() lists them
// (QuarrySparkTest checks that they agree).
//RUNTIME_OPTIONS -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
//RUNTIME_OPTIONS --add-opens=java.base/java.lang=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.io=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.net=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.nio=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.util=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.security.action=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
//RUNTIME_OPTIONS -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled
//RUNTIME_OPTIONS -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE
//RUNTIME_OPTIONS --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED

/**
 * {@code ./jbang spark-grid …}: {@code backtest --grid} as Spark tasks, embedded on {@code
 * local[*]} (or {@code --master}); see {@code dev.quarry.spark.GridMain}.
 */
public final class SparkGrid {
  private SparkGrid() {}

  /**
   * Runs the grid.
   *
   * @param args the options of {@code GridMain}
   */
  public static void main(String[] args) {
    dev.quarry.spark.GridMain.main(args);
  }
}
