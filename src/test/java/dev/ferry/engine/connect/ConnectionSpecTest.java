package dev.ferry.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection specs in every accepted form; passwords never travel inside URLs or strings. */
class ConnectionSpecTest {
  @Test
  void jdbcUrlPasswordIsTakenOutOfTheUrl() {
    ConnectionSpec s =
        ConnectionSpec.parse(
            "jdbc:postgresql://db.example:6432/app?user=dba&password=p%40ss&sslmode=verify-full",
            Map.of());
    assertThat(s.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(s.url())
        .isEqualTo("jdbc:postgresql://db.example:6432/app?user=dba&sslmode=verify-full");
    assertThat(s.password().reveal()).isEqualTo("p@ss");
    assertThat(s.toString()).doesNotContain("p@ss");
    assertThat(String.valueOf(s.password())).isEqualTo("******");
    assertThat(s.name()).isEqualTo("app");
  }

  @Test
  void libpqKeywordsAndUrisFallBackToPgEnvironmentVariables() {
    Map<String, String> env =
        Map.of(
            "PGHOST",
            "pg.internal",
            "PGPORT",
            "5433",
            "PGUSER",
            "etl",
            "PGPASSWORD",
            "from-env",
            "PGDATABASE",
            "warehouse");
    ConnectionSpec k = ConnectionSpec.parse("dbname=sales sslmode=require", env);
    assertThat(k.url())
        .isEqualTo("jdbc:postgresql://pg.internal:5433/sales?user=etl&sslmode=require");
    assertThat(k.password().reveal()).isEqualTo("from-env");
    ConnectionSpec quoted =
        ConnectionSpec.parse("host=h port=5432 dbname='my db' user=u password='it\\'s'", Map.of());
    assertThat(quoted.url()).isEqualTo("jdbc:postgresql://h:5432/my%20db?user=u");
    assertThat(quoted.password().reveal()).isEqualTo("it's");
    // anything that is not key=value pairs is refused, never read around: skipping it would
    // connect to libpq's defaults, another server and database
    assertThatThrownBy(
            () ->
                ConnectionSpec.parse(
                    "db.orders\tanalyze\tstatus\tOK\njdbc:mariadb://h:3306/x?user=root", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a connection");
    assertThatThrownBy(() -> ConnectionSpec.parse("host=h sslrootcert=/ca.pem", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sslrootcert' is not one Ferry passes on");
    ConnectionSpec uri =
        ConnectionSpec.parse("postgresql://alice:secret@h2/crm?sslmode=verify-full", env);
    assertThat(uri.url()).isEqualTo("jdbc:postgresql://h2:5433/crm?user=alice&sslmode=verify-full");
    assertThat(uri.password().reveal()).isEqualTo("secret");
    ConnectionSpec bare = ConnectionSpec.parse("jdbc:postgresql://h/db", env);
    assertThat(bare.url()).isEqualTo("jdbc:postgresql://h/db?user=etl");
    assertThat(bare.password().reveal()).isEqualTo("from-env");
  }

  @Test
  void sqliteAndMysqlUrls() {
    ConnectionSpec s = ConnectionSpec.parse("jdbc:sqlite:/data/my files/app.v2.db", Map.of());
    assertThat(s.kind()).isEqualTo(DatabaseKind.SQLITE);
    assertThat(s.name()).isEqualTo("app.v2");
    assertThat(s.url()).isEqualTo("jdbc:sqlite:/data/my files/app.v2.db");
    ConnectionSpec m =
        ConnectionSpec.parse("jdbc:mysql://h:3306/shop?user=root&password=x", Map.of());
    assertThat(m.url()).isEqualTo("jdbc:mariadb://h:3306/shop?user=root");
    assertThat(m.name()).isEqualTo("shop");
    assertThatThrownBy(
            () -> ConnectionSpec.parse("jdbc:oracle:thin:@h:1521/x?password=hunter2", Map.of()))
        .hasMessageContaining("Unsupported")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void userAndPasswordBeforeTheHostLeaveTheUrlInEveryForm() {
    for (String typed :
        new String[] {
          "jdbc:postgresql://dba:s3cret-pw@db.example:6432/app?sslmode=require",
          "postgresql://dba:s3cret-pw@db.example:6432/app?sslmode=require",
          "postgresql://dba:s3cret%2Dpw@db.example:6432/app?sslmode=require",
        }) {
      ConnectionSpec s = ConnectionSpec.parse(typed, Map.of());
      assertThat(s.url())
          .as(typed)
          .isEqualTo("jdbc:postgresql://db.example:6432/app?user=dba&sslmode=require");
      assertThat(s.user()).isEqualTo("dba");
      assertThat(s.password().reveal()).isEqualTo("s3cret-pw");
    }
    for (String typed :
        new String[] {
          "jdbc:mariadb://shop:s3cret-pw@h:3306/sales",
          "jdbc:mysql://shop:s3cret-pw@h:3306/sales",
          "mysql://shop:s3cret-pw@h:3306/sales",
          "mariadb://shop:s3cret-pw@h:3306/sales",
        }) {
      ConnectionSpec s = ConnectionSpec.parse(typed, Map.of("HOME", "/nonexistent"));
      assertThat(s.kind()).isEqualTo(DatabaseKind.MYSQL);
      assertThat(s.url()).as(typed).isEqualTo("jdbc:mariadb://h:3306/sales?user=shop");
      assertThat(s.password().reveal()).isEqualTo("s3cret-pw");
      assertThat(s.name()).isEqualTo("sales");
    }
  }

  @Test
  void aMalformedUrlIsRefusedWithoutEchoingItsPassword() {
    for (String typed :
        new String[] {
          "postgresql://dba:s3cret-pw@db example/app",
          "postgresql://dba@db example/app?password=s3cret-pw",
          "postgresql://dba:s3cret%zz-pw@db.example/app?password=s3cret-pw%",
          "jdbc:oracle:thin://dba:s3cret-pw@h:1521/x",
          "jdbc:postgresql://h/app?user=dba&sslpassword=s3cret-pw",
        }) {
      assertThatThrownBy(() -> ConnectionSpec.parse(typed, Map.of()))
          .as(typed)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("s3cret")
          .satisfies(e -> assertThat(e.getCause()).isNull());
    }
  }

  @Test
  void aMysqlPasswordComesFromTheOptionFileThenMysqlPwd(@TempDir Path home) throws Exception {
    Map<String, String> env = Map.of("HOME", home.toString(), "MYSQL_PWD", "from-env");
    ConnectionSpec fromEnv = ConnectionSpec.parse("jdbc:mariadb://h/shop?user=etl", env);
    assertThat(fromEnv.password().reveal()).isEqualTo("from-env");
    java.nio.file.Files.writeString(
        home.resolve(".my.cnf"),
        "[mysqld]\npassword = server-side\n[client]\n# the DBA's\nuser = etl\npassword ="
            + " \"from file\"\n[mysql]\npassword = other\n");
    ConnectionSpec fromFile = ConnectionSpec.parse("jdbc:mysql://h/shop", env);
    assertThat(fromFile.password().reveal()).isEqualTo("from file");
    assertThat(fromFile.url()).isEqualTo("jdbc:mariadb://h/shop?user=etl");
    ConnectionSpec typed = ConnectionSpec.parse("mysql://etl:typed@h/shop", env).withPassword(null);
    assertThat(typed.password().reveal()).isEqualTo("typed");
  }

  @Test
  void aMissingSqliteFileIsAnErrorNotANewEmptyDatabase(@TempDir Path dir) {
    ConnectionSpec s = ConnectionSpec.sqlite(dir.resolve("nope.db"));
    assertThatThrownBy(s::openReadOnly).hasMessageContaining("SQLite file not found");
    assertThat(dir.resolve("nope.db")).doesNotExist();
  }

  @Test
  void testingAConnectionReportsVersionUserEncodingAndPrivilege() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      ConnectionCheck c = ConnectionTester.test(pg.spec(), "staging");
      assertThat(c.serverVersion()).startsWith("PostgreSQL ");
      assertThat(c.currentUser()).isEqualTo("postgres");
      assertThat(c.encoding()).isEqualTo("UTF8");
      assertThat(c.schemaExists()).isFalse();
      assertThat(c.canCreate()).isTrue();
    }
    try (TestDatabases.Scratch my = TestDatabases.mysql()) {
      ConnectionCheck c = ConnectionTester.test(my.spec(), null);
      assertThat(c.serverVersion()).startsWith("MySQL/MariaDB ");
      assertThat(c.encoding()).isEqualTo("utf8mb4");
    }
  }

  @Test
  void secretsCompareByValueButNeverPrint() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a"));
    assertThat(Secret.of("")).isEqualTo(Secret.none());
    assertThat(Secret.none().isPresent()).isFalse();
  }
}
