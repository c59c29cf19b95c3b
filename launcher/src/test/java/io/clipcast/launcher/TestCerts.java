package io.clipcast.launcher;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;

/**
 * A throw-away certificate authority for tests, writing the PEM files ops would make with openssl (see
 * docs/operations/cluster-security.md): a CA certificate, and certificates it signs with their PKCS#8 keys. EC P-256,
 * valid for a day.
 */
final class TestCerts {
  private static final SecureRandom random = new SecureRandom();

  private final Path dir;
  private final String name;
  private final KeyPair key;
  final Path caPath;

  /** A certificate and its key on disk. */
  record Issued(Path certPath, Path keyPath) {}

  private TestCerts(Path dir, String name, KeyPair key, Path caPath) {
    this.dir = dir;
    this.name = name;
    this.key = key;
    this.caPath = caPath;
  }

  /** A new CA named {@code name}; its certificate is written to {@code dir/name-ca.crt}. */
  static TestCerts authority(Path dir, String name) throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPair key = newKey();
    byte[] der = sign(name + " CA", name + " CA", key.getPublic().getEncoded(), key.getPrivate(), null);
    Path ca = dir.resolve(name + "-ca.crt");
    Files.writeString(ca, pem("CERTIFICATE", der));
    return new TestCerts(dir, name, key, ca);
  }

  /** A leaf certificate for {@code commonName} (server and client use), valid for 127.0.0.1 and localhost. */
  Issued issue(String commonName) throws IOException, GeneralSecurityException {
    return issue(commonName, new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"));
  }

  /** A leaf certificate for {@code commonName} valid for exactly the names given. */
  Issued issue(String commonName, GeneralName... names) throws IOException, GeneralSecurityException {
    KeyPair leaf = newKey();
    byte[] der = sign(name + " CA", commonName, leaf.getPublic().getEncoded(), key.getPrivate(), names);
    Path cert = dir.resolve(commonName + ".crt");
    Path keyFile = dir.resolve(commonName + ".key");
    Files.writeString(cert, pem("CERTIFICATE", der));
    Files.writeString(keyFile, pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
    // PostgreSQL refuses a key that others may read
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    return new Issued(cert, keyFile);
  }

  private static KeyPair newKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  /** A CA certificate when {@code names} is null, else a leaf certificate for those names. */
  private static byte[] sign(String issuer, String subject, byte[] publicKey, PrivateKey issuerKey, GeneralName[] names)
      throws IOException, GeneralSecurityException {
    boolean ca = names == null;
    AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    long now = System.currentTimeMillis();
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, random)));
    tbs.setIssuer(new X500Name("CN=" + issuer));
    tbs.setSubject(new X500Name("CN=" + subject));
    tbs.setStartDate(new Time(new Date(now - 3_600_000L)));
    tbs.setEndDate(new Time(new Date(now + 86_400_000L)));
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(publicKey));
    tbs.setSignature(algorithm);
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      ext.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    tbs.setExtensions(ext.generate());
    TBSCertificate body = tbs.generateTBSCertificate();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(issuerKey);
    signer.update(body.getEncoded(ASN1Encoding.DER));
    return Certificate.getInstance(new DERSequence(new ASN1Encodable[] {body, algorithm, new DERBitString(signer.sign())}))
        .getEncoded(ASN1Encoding.DER);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
