package dev.ferry.engine.connect;

import dev.ferry.engine.core.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * Where and how libpq's tools ({@code pg_dump}, {@code pg_restore}) connect so that they reach the
 * server the JDBC driver reaches for the same {@link ConnectionSpec}: the URL is read by the
 * driver's own parser, and each of its parameters becomes the libpq keyword of the same meaning
 * (hosts and ports as lists, database, user, {@code sslmode} and certificates, target server type,
 * timeouts). A parameter that changes where or how the driver connects and that libpq cannot
 * express is refused, never dropped. The password is not part of it: callers hand it to the child
 * in {@code PGPASSWORD}.
 *
 * @param keywords libpq connection keywords in a stable order ({@code host}, {@code port}, {@code
 *     dbname}, {@code user}, {@code sslmode}, …)
 */
public record LibpqConninfo(Map<String, String> keywords) {
  /** libpq keyword → the environment variable libpq reads for it. */
  private static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("host", "PGHOST"),
          Map.entry("port", "PGPORT"),
          Map.entry("dbname", "PGDATABASE"),
          Map.entry("user", "PGUSER"),
          Map.entry("sslmode", "PGSSLMODE"),
          Map.entry("sslrootcert", "PGSSLROOTCERT"),
          Map.entry("sslcert", "PGSSLCERT"),
          Map.entry("sslkey", "PGSSLKEY"),
          Map.entry("target_session_attrs", "PGTARGETSESSIONATTRS"),
          Map.entry("load_balance_hosts", "PGLOADBALANCEHOSTS"),
          Map.entry("connect_timeout", "PGCONNECT_TIMEOUT"),
          Map.entry("gssencmode", "PGGSSENCMODE"),
          Map.entry("channel_binding", "PGCHANNELBINDING"),
          Map.entry("krbsrvname", "PGKRBSRVNAME"),
          Map.entry("application_name", "PGAPPNAME"),
          Map.entry("options", "PGOPTIONS"));

  /** JDBC parameter → the libpq keyword that means the same, value unchanged. */
  private static final Map<String, String> SAME_MEANING =
      Map.of(
          "sslrootcert", "sslrootcert",
          "sslcert", "sslcert",
          "gssEncMode", "gssencmode",
          "channelBinding", "channel_binding",
          "kerberosServerName", "krbsrvname",
          "ApplicationName", "application_name",
          "options", "options");

  /**
   * The driver's parameters that tune its own behaviour or the session's, not which server it
   * reaches or how it authenticates or encrypts: a child tool does without them.
   */
  private static final Set<String> DRIVER_ONLY =
      Set.of(
          "adaptiveFetch",
          "adaptiveFetchMaximum",
          "adaptiveFetchMinimum",
          "allowEncodingChanges",
          "assumeMinServerVersion",
          "autosave",
          "binaryTransfer",
          "binaryTransferDisable",
          "binaryTransferEnable",
          "cancelSignalTimeout",
          "cleanupSavepoints",
          "currentSchema",
          "databaseMetadataCacheFields",
          "databaseMetadataCacheFieldsMiB",
          "defaultRowFetchSize",
          "disableColumnSanitiser",
          "escapeSyntaxCallMode",
          "groupStartupParameters",
          "hideUnprivilegedObjects",
          "hostRecheckSeconds",
          "logServerErrorDetail",
          "logUnclosedConnections",
          "loginTimeout",
          "maxResultBuffer",
          "preferQueryMode",
          "prepareThreshold",
          "preparedStatementCacheQueries",
          "preparedStatementCacheSizeMiB",
          "quoteReturningIdentifiers",
          "readOnly",
          "readOnlyMode",
          "reWriteBatchedInserts",
          "receiveBufferSize",
          "sendBufferSize",
          "socketTimeout",
          "sslResponseTimeout",
          "stringtype",
          "tcpKeepAlive",
          "tcpNoDelay",
          "unknownLength");

  public LibpqConninfo {
    keywords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
  }

  /**
   * The libpq form of a PostgreSQL connection.
   *
   * @throws FerryException when the connection uses a parameter libpq cannot express
   */
  public static LibpqConninfo of(ConnectionSpec spec) {
    if (spec.kind() != DatabaseKind.POSTGRESQL) {
      throw new IllegalArgumentException("only a PostgreSQL connection has a libpq form: " + spec);
    }
    Properties p = Driver.parseURL(spec.url(), new Properties());
    if (p == null) {
      throw new FerryException("The PostgreSQL driver cannot read the URL " + spec.url());
    }
    Map<String, String> k = new LinkedHashMap<>();
    k.put("host", hosts(p.getProperty("PGHOST")));
    k.put("port", p.getProperty("PGPORT"));
    putIfPresent(k, "dbname", p.getProperty("PGDBNAME"));
    putIfPresent(k, "user", p.getProperty("user", spec.user()));
    k.put("sslmode", sslmode(p));
    for (String name : p.stringPropertyNames().stream().sorted().toList()) {
      String value = p.getProperty(name);
      switch (name) {
        case "PGHOST", "PGPORT", "PGDBNAME", "user", "password", "sslmode", "ssl" -> {}
        case "sslkey" -> k.put("sslkey", pemKey(value));
        case "targetServerType" -> k.put("target_session_attrs", sessionAttrs(value));
        case "loadBalanceHosts" -> {
          if (Boolean.parseBoolean(value)) {
            k.put("load_balance_hosts", "random");
          }
        }
        case "connectTimeout" -> k.put("connect_timeout", value);
        default -> {
          if (SAME_MEANING.containsKey(name)) {
            k.put(SAME_MEANING.get(name), value);
          } else if (!DRIVER_ONLY.contains(name)) {
            throw refused(name, "libpq has no parameter of that meaning");
          }
        }
      }
    }
    // the driver gives up on a host after 10 s unless told otherwise; libpq would wait forever
    k.putIfAbsent("connect_timeout", "10");
    return new LibpqConninfo(k);
  }

  /** The same server and settings, another database on it. */
  public LibpqConninfo withDatabase(String database) {
    Map<String, String> k = new LinkedHashMap<>(keywords);
    k.put("dbname", database);
    return new LibpqConninfo(k);
  }

  /**
   * The libpq environment variables ({@code PGHOST}, {@code PGPORT}, …) that say the same; a child
   * given these (and no other {@code PG*} variable but the password) connects where JDBC does.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    keywords.forEach((key, value) -> env.put(ENVIRONMENT.get(key), value));
    return env;
  }

  /** The keyword/value connection string, values quoted where libpq needs it; no password. */
  @Override
  public String toString() {
    return keywords.entrySet().stream()
        .map(e -> e.getKey() + "=" + quote(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** A value as libpq's keyword/value syntax reads it: quoted when empty or holding blanks. */
  public static String quote(String value) {
    if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\')) {
      return value;
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String hosts(String jdbcHosts) {
    // the driver keeps an IPv6 literal's brackets; libpq's host list takes it bare
    return Arrays.stream(jdbcHosts.split(","))
        .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h)
        .collect(Collectors.joining(","));
  }

  private static String sslmode(Properties p) {
    String mode = p.getProperty("sslmode");
    if (mode != null) {
      return mode.toLowerCase(Locale.ROOT);
    }
    // the driver's rule: ssl=true (or a bare ssl) without sslmode means verify-full
    String ssl = p.getProperty("ssl");
    return ssl != null && (ssl.isEmpty() || Boolean.parseBoolean(ssl)) ? "verify-full" : "prefer";
  }

  private static String sessionAttrs(String targetServerType) {
    return switch (targetServerType) {
      case "any" -> "any";
      case "primary", "master" -> "primary";
      case "secondary", "standby" -> "standby";
      case "preferSecondary", "preferStandby" -> "prefer-standby";
      default ->
          throw refused(
              "targetServerType=" + targetServerType,
              "libpq's target_session_attrs has no equivalent");
    };
  }

  private static String pemKey(String file) {
    Path key = Path.of(file);
    if (Files.isReadable(key)) {
      byte[] head;
      try (InputStream in = Files.newInputStream(key)) {
        head = in.readNBytes(11);
      } catch (IOException e) {
        return file; // libpq reports a key it cannot read itself
      }
      if (!new String(head, StandardCharsets.US_ASCII).equals("-----BEGIN ")) {
        throw refused(
            "sslkey=" + file,
            "the JDBC driver reads client keys in PKCS-8 DER or PKCS-12 form and libpq only in"
                + " PEM, so no one key file serves both (openssl pkcs8 -inform DER -in "
                + key.getFileName()
                + " -out client.key makes the PEM copy for your own pg_dump)");
      }
    }
    return file;
  }

  private static void putIfPresent(Map<String, String> k, String key, String value) {
    if (value != null && !value.isEmpty()) {
      k.put(key, value);
    }
  }

  private static FerryException refused(String parameter, String why) {
    return new FerryException(
        "pg_dump and pg_restore cannot connect the way the connection's URL says: "
            + parameter
            + " — "
            + why
            + ". Ferry does not run them with it left out (they could reach another server or"
            + " connect less safely); remove it from the URL, or take the backup with your own"
            + " tools.");
  }
}
