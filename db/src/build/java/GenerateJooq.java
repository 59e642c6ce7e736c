import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step of the db module: migrates a throwaway embedded PostgreSQL with the Flyway scripts and
 * generates jOOQ classes from the resulting schema, so the classes match exactly what production runs
 * (partial indexes, row-level security and functions included). Skipped when no script changed.
 *
 * <p>Usage: {@code java GenerateJooq.java <migrations folder> <output folder>}
 */
public class GenerateJooq {

  public static void main(String[] args) throws Exception {
    Path migrations = Path.of(args[0]);
    Path output = Path.of(args[1]);
    Path stamp = output.resolve(".generated-from-migrations");
    if (Files.exists(stamp) && newest(migrations).compareTo(Files.getLastModifiedTime(stamp)) <= 0) {
      System.out.println("jOOQ classes are up to date with " + migrations);
      return;
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      Flyway.configure()
          .dataSource(url, "postgres", "postgres")
          .locations("filesystem:" + migrations)
          .load()
          .migrate();
      GenerationTool.generate(
          new Configuration()
              .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres"))
              .withGenerator(
                  new Generator()
                      .withDatabase(
                          new Database()
                              .withName("org.jooq.meta.postgres.PostgresDatabase")
                              .withInputSchema("public")
                              .withOutputSchemaToDefault(true)
                              .withExcludes("flyway_schema_history"))
                      .withGenerate(new Generate().withJavaTimeTypes(true).withPojos(false).withDaos(false))
                      .withTarget(
                          new Target().withPackageName("dev.atrium.db.jooq").withDirectory(output.toString()))));
    }
    Files.createDirectories(output);
    Files.writeString(stamp, "generated\n");
  }

  private static FileTime newest(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .map(GenerateJooq::modified)
          .max(FileTime::compareTo)
          .orElse(FileTime.fromMillis(0));
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
