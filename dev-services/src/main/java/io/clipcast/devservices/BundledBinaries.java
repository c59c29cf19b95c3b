package io.clipcast.devservices;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

/**
 * Unpacks server binaries that ship inside Maven Central jars (zonky's PostgreSQL build, codemonstur's
 * redis-server) into a cache folder keyed by content hash, once; concurrent JVMs race safely by unpacking
 * into a temporary folder and renaming it into place.
 */
final class BundledBinaries {
  private BundledBinaries() {}

  static byte[] resource(String name) {
    try (InputStream in = BundledBinaries.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("Bundled binary " + name + " is missing from the classpath");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String shortHash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpacks a .txz into {@code cacheDir/name-hash} unless already there; returns that folder. */
  static Path unpackTxz(String resourceName, Path cacheDir, String name) throws IOException {
    byte[] bytes = resource(resourceName);
    Path target = cacheDir.resolve(name + "-" + shortHash(bytes));
    if (Files.isDirectory(target)) return target;
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempDirectory(cacheDir, name + "-unpacking-");
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(bytes)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) throw new IOException("Archive entry escapes its folder: " + e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(out, permissions(e.getMode()));
        }
      }
    }
    return moveIntoPlace(tmp, target);
  }

  /** Copies a single executable resource into {@code cacheDir/name-hash/fileName}. */
  static Path unpackExecutable(String resourceName, Path cacheDir, String name, String fileName) throws IOException {
    byte[] bytes = resource(resourceName);
    Path target = cacheDir.resolve(name + "-" + shortHash(bytes));
    if (!Files.isDirectory(target)) {
      Files.createDirectories(cacheDir);
      Path tmp = Files.createTempDirectory(cacheDir, name + "-unpacking-");
      Path exe = tmp.resolve(fileName);
      Files.write(exe, bytes);
      Files.setPosixFilePermissions(exe, permissions(0755));
      target = moveIntoPlace(tmp, target);
    }
    return target.resolve(fileName);
  }

  private static Path moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
      deleteTree(tmp); // another JVM won the race; its copy is identical
    }
    return target;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> p = new HashSet<>();
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) p.add(bits[i]);
    }
    p.add(PosixFilePermission.OWNER_READ);
    return p;
  }
}
