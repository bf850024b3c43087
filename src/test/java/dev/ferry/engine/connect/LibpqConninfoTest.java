package dev.ferry.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.core.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump and pg_restore are told to connect exactly where the JDBC driver connects. */
class LibpqConninfoTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static LibpqConninfo of(String url) {
    return LibpqConninfo.of(ConnectionSpec.parse(url, NO_ENV));
  }

  @Test
  void aHostNameWithAnUnderscoreIsKeptWithItsPortAndSslmode() {
    LibpqConninfo c =
        of("jdbc:postgresql://db_primary.internal:6543/sales?user=ferry&sslmode=require");
    assertThat(c.keywords())
        .containsEntry("host", "db_primary.internal")
        .containsEntry("port", "6543")
        .containsEntry("dbname", "sales")
        .containsEntry("user", "ferry")
        .containsEntry("sslmode", "require");
    assertThat(c.environment())
        .containsEntry("PGHOST", "db_primary.internal")
        .containsEntry("PGPORT", "6543")
        .containsEntry("PGDATABASE", "sales")
        .containsEntry("PGUSER", "ferry")
        .containsEntry("PGSSLMODE", "require");
  }

  @Test
  void everyHostOfAMultiHostUrlWithItsOwnPortAndTheTargetServerType() {
    LibpqConninfo c =
        of(
            "jdbc:postgresql://pg_a.example:5433,pg-b.example,10.0.0.7:6000/app?user=u"
                + "&targetServerType=primary&loadBalanceHosts=true");
    assertThat(c.keywords())
        .containsEntry("host", "pg_a.example,pg-b.example,10.0.0.7")
        .containsEntry("port", "5433,5432,6000")
        .containsEntry("target_session_attrs", "primary")
        .containsEntry("load_balance_hosts", "random");
    assertThat(c.environment())
        .containsEntry("PGHOST", "pg_a.example,pg-b.example,10.0.0.7")
        .containsEntry("PGPORT", "5433,5432,6000")
        .containsEntry("PGTARGETSESSIONATTRS", "primary");
  }

  @Test
  void verifyFullWithCertificatesReachesTheChildsEnvironment(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("client.key");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMII=\n-----END PRIVATE KEY-----\n");
    LibpqConninfo c =
        of(
            "jdbc:postgresql://db.example:5432/app?user=u&sslmode=verify-full"
                + "&sslrootcert=/etc/ferry/root.crt&sslcert=/etc/ferry/client.crt&sslkey="
                + key);
    assertThat(c.environment())
        .containsEntry("PGSSLMODE", "verify-full")
        .containsEntry("PGSSLROOTCERT", "/etc/ferry/root.crt")
        .containsEntry("PGSSLCERT", "/etc/ferry/client.crt")
        .containsEntry("PGSSLKEY", key.toString());
    assertThat(c.toString())
        .isEqualTo(
            "host=db.example port=5432 dbname=app user=u sslmode=verify-full"
                + " sslcert=/etc/ferry/client.crt sslkey="
                + key
                + " sslrootcert=/etc/ferry/root.crt connect_timeout=10");
  }

  @Test
  void theDriversSslTrueMeansVerifyFullAndNoSslSettingMeansPrefer() {
    assertThat(of("jdbc:postgresql://h/app?ssl=true").keywords())
        .containsEntry("sslmode", "verify-full");
    assertThat(of("jdbc:postgresql://h/app").keywords()).containsEntry("sslmode", "prefer");
  }

  @Test
  void anIpv6LiteralLosesItsBracketsOnlyAndKeepsItsPort() {
    assertThat(of("jdbc:postgresql://[2001:db8::5]:5433/app?user=u").keywords())
        .containsEntry("host", "2001:db8::5")
        .containsEntry("port", "5433");
    assertThat(of("jdbc:postgresql://[::1],db_replica/app").keywords())
        .containsEntry("host", "::1,db_replica")
        .containsEntry("port", "5432,5432");
  }

  @Test
  void theLibpqFormsOfTheSpecArriveAtTheSamePlace() {
    assertThat(of("host=db_x.internal port=6432 dbname=app user=u sslmode=verify-ca").keywords())
        .containsEntry("host", "db_x.internal")
        .containsEntry("port", "6432")
        .containsEntry("dbname", "app")
        .containsEntry("sslmode", "verify-ca");
  }

  @Test
  void thePasswordIsNeverPartOfIt() {
    ConnectionSpec spec =
        ConnectionSpec.parse("jdbc:postgresql://h/app?user=u&password=s3cret", NO_ENV);
    LibpqConninfo c = LibpqConninfo.of(spec);
    assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("password");
    assertThat(c.environment()).doesNotContainKey("PGPASSWORD").doesNotContainValue("s3cret");
  }

  @Test
  void aParameterLibpqCannotExpressIsRefusedByName() {
    assertThatThrownBy(
            () -> of("jdbc:postgresql://h/app?sslfactory=org.postgresql.ssl.NonValidatingFactory"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("sslfactory")
        .hasMessageContaining("remove it from the URL");
    assertThatThrownBy(() -> of("jdbc:postgresql://a,b/app?targetServerType=preferPrimary"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("targetServerType=preferPrimary");
  }

  @Test
  void aClientKeyLibpqCannotReadIsRefused(@TempDir Path dir) throws Exception {
    Path der = dir.resolve("client.pk8");
    Files.write(der, new byte[] {0x30, (byte) 0x82, 0x04, (byte) 0xbe, 0x02, 0x01, 0x00, 0x30});
    assertThatThrownBy(() -> of("jdbc:postgresql://h/app?sslmode=verify-full&sslkey=" + der))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("sslkey=" + der)
        .hasMessageContaining("PEM");
  }

  @Test
  void driverTuningThatDoesNotChooseTheServerIsLeftToTheDriver() {
    LibpqConninfo c =
        of("jdbc:postgresql://h:5/app?reWriteBatchedInserts=true&currentSchema=s&connectTimeout=3");
    assertThat(c.keywords())
        .containsOnlyKeys("host", "port", "dbname", "sslmode", "connect_timeout")
        .containsEntry("connect_timeout", "3");
  }

  @Test
  void anotherDatabaseOnTheSameServerAndValuesQuotedForTheKeywordForm() {
    LibpqConninfo c = of("jdbc:postgresql://h/app").withDatabase("it's mine");
    assertThat(c.keywords()).containsEntry("dbname", "it's mine");
    assertThat(c.toString()).contains("dbname='it\\'s mine'");
    assertThat(LibpqConninfo.quote("")).isEqualTo("''");
  }
}
