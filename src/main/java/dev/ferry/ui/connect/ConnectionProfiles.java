package dev.ferry.ui.connect;

import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Named connection profiles in {@code <workspace>/connections/<name>.properties}: the Connect
 * form's fields and, only when the DBA opts in, the passwords encrypted with AES-GCM under a key
 * kept in {@code <workspace>/console.key} (readable by its owner only). Never a clear-text
 * password.
 */
public final class ConnectionProfiles {
  private static final String TARGET_PW = "target.password.aes-gcm";
  private static final String SOURCE_PW = "source.password.aes-gcm";
  private final Path dir;
  private final Path keyFile;

  public ConnectionProfiles(Path workspace) {
    this.dir = workspace.resolve("connections");
    this.keyFile = workspace.resolve("console.key");
  }

  public List<String> names() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".properties"))
          .map(n -> n.substring(0, n.length() - ".properties".length()))
          .sorted()
          .toList();
    }
  }

  /** Saves the form; the passwords only if {@code withPasswords}, and then encrypted. */
  public void save(String name, ConnectViewModel vm, boolean withPasswords)
      throws IOException, GeneralSecurityException {
    Properties p = vm.fields();
    if (withPasswords) {
      if (!vm.targetPasswordProperty().get().isEmpty()) {
        p.setProperty(TARGET_PW, encrypt(vm.targetPasswordProperty().get()));
      }
      if (!vm.sourcePasswordProperty().get().isEmpty()) {
        p.setProperty(SOURCE_PW, encrypt(vm.sourcePasswordProperty().get()));
      }
    }
    try (Writer w = PrivateFiles.newWriter(file(name))) {
      p.store(w, "Ferry connection profile" + (withPasswords ? " (passwords encrypted)" : ""));
    }
  }

  /** A profile as read: the form's fields and the decrypted passwords (empty when not saved). */
  public record Profile(
      String name, Properties fields, String targetPassword, String sourcePassword) {
    public void applyTo(ConnectViewModel vm) {
      vm.applyFields(fields);
      vm.targetPasswordProperty().set(targetPassword);
      vm.sourcePasswordProperty().set(sourcePassword);
    }
  }

  public Profile read(String name) throws IOException, GeneralSecurityException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file(name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return new Profile(
        name,
        p,
        p.containsKey(TARGET_PW) ? decrypt(p.getProperty(TARGET_PW)) : "",
        p.containsKey(SOURCE_PW) ? decrypt(p.getProperty(SOURCE_PW)) : "");
  }

  public void delete(String name) throws IOException {
    Files.deleteIfExists(file(name));
  }

  private Path file(String name) {
    if (!name.matches("[\\p{L}\\p{N} ._-]{1,80}")) {
      throw new IllegalArgumentException(
          "A profile name may hold letters, digits, spaces, dots, dashes and underscores");
    }
    return dir.resolve(name.strip() + ".properties");
  }

  private byte[] key() throws IOException {
    if (Files.exists(keyFile)) {
      return Files.readAllBytes(keyFile);
    }
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    // owner-only from its creation, and whole or absent: never a half-written key
    PrivateFiles.writeAtomically(keyFile, k);
    return k;
  }

  private String encrypt(String secret) throws IOException, GeneralSecurityException {
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(128, iv));
    byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[iv.length + ct.length];
    System.arraycopy(iv, 0, out, 0, iv.length);
    System.arraycopy(ct, 0, out, iv.length, ct.length);
    return Base64.getEncoder().encodeToString(out);
  }

  private String decrypt(String stored) throws IOException, GeneralSecurityException {
    byte[] in = Base64.getDecoder().decode(stored);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(128, in, 0, 12));
    return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
  }
}
