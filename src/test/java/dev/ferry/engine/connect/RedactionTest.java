package dev.ferry.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a DBA types a password into connection text comes out without it. */
class RedactionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://bob:s3cret-pw@db.example:5432/app|postgresql://bob@db.example:5432/app",
        "postgres://bob:s3cret-pw@db.example/app?sslmode=require|postgres://bob@db.example/app?sslmode=require",
        "jdbc:postgresql://bob:s3cret-pw@db.example/app|jdbc:postgresql://bob@db.example/app",
        "mysql://root:s3cret-pw@127.0.0.1:3306/shop|mysql://root@127.0.0.1:3306/shop",
        "mariadb://root:s3cret-pw@h/shop|mariadb://root@h/shop",
        "jdbc:mysql://root:s3cret-pw@h:3306/shop?useSSL=true|jdbc:mysql://root@h:3306/shop?useSSL=true",
        "jdbc:mariadb://root:s3cret-pw@h1:3306,h2:3306/shop|jdbc:mariadb://root@h1:3306,h2:3306/shop",
        "postgresql://bob:p@ss/w?rd#s3cret-pw@db.example/app|postgresql://bob@db.example/app",
        "postgresql://bob:s3cret%40pw@db.example/app|postgresql://bob@db.example/app",
        "jdbc:postgresql://h/app?password=s3cret-pw|jdbc:postgresql://h/app",
        "jdbc:postgresql://h/app?password=s3cret-pw&user=bob|jdbc:postgresql://h/app?user=bob",
        "jdbc:postgresql://h/app?user=bob&password=s3cret-pw&sslmode=require|jdbc:postgresql://h/app?user=bob&sslmode=require",
        "jdbc:postgresql://h/app?user=bob&PASSWORD=s3cret-pw|jdbc:postgresql://h/app?user=bob",
        "jdbc:postgresql://h/app?user=bob&sslpassword=s3cret-pw&password=s3cret-pw|jdbc:postgresql://h/app?user=bob",
        "jdbc:mariadb://h/shop?user=root;password=s3cret-pw;useSSL=true|jdbc:mariadb://h/shop?user=root;useSSL=true",
        "jdbc:mysql://h/shop?trustStorePassword=s3cret-pw|jdbc:mysql://h/shop",
        "jdbc:mysql://(host=h,user=root,password=s3cret-pw)/shop|jdbc:mysql://(host=h,user=root)/shop",
        "host=h dbname=app password=s3cret-pw user=bob|host=h dbname=app user=bob",
        "password='s3 cret-pw' host=h|host=h",
      })
  void passwordsAreTakenOutOfEveryForm(String typed, String stripped) {
    assertThat(Redaction.strip(typed)).isEqualTo(stripped).doesNotContain("s3cret", "s3 cret");
    assertThat(Redaction.holdsPassword(typed)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db.example:5432/app?user=bob@azure-server&sslmode=require",
        "jdbc:postgresql://h1:5432,h2:5433/app?user=a@b",
        "jdbc:postgresql://[::1]:5432/app",
        "jdbc:sqlite:/data/my files/app.db",
        "host=h port=5432 dbname=app user=bob",
        "postgresql://bob@h/app",
      })
  void textWithoutAPasswordIsLeftAsItIs(String typed) {
    assertThat(Redaction.strip(typed)).isEqualTo(typed);
    assertThat(Redaction.holdsPassword(typed)).isFalse();
  }

  @Test
  void nothingStaysNothing() {
    assertThat(Redaction.strip(null)).isNull();
    assertThat(Redaction.strip("")).isEmpty();
  }
}
