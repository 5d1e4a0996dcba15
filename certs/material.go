package certs

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"

	corev1 "k8s.io/api/core/v1"
)

// The keys of the shared Secret. tls.crt/tls.key follow the kubernetes.io/tls convention so
// the Secret can also be mounted as a --cert-dir; ca.crt is exactly the caBundle.
const (
	// KeyServingCert is the serving certificate (PEM).
	KeyServingCert = corev1.TLSCertKey
	// KeyServingKey is the serving certificate's private key (PEM, PKCS#8).
	KeyServingKey = corev1.TLSPrivateKeyKey
	// KeyCABundle is every trusted CA certificate (PEM), newest first: the caBundle.
	KeyCABundle = "ca.crt"
	// KeyCAKey is the private key of the newest CA (PEM, PKCS#8); older CAs' keys are
	// discarded when they are replaced.
	KeyCAKey = "ca.key"
)

// material is the Secret's content, parsed. Whatever is missing or unusable is nil, so
// plan can replace exactly that part.
type material struct {
	// CAs is the bundle, newest first; unparsable entries are dropped.
	CAs []*x509.Certificate
	// CA is the newest CA with its key; nil when ca.key is missing or does not belong to
	// CAs[0].
	CA *keyPair
	// Serving is the serving certificate with its key; nil when missing or unparsable.
	Serving *keyPair
}

// parseMaterial reads a Secret's data; it never fails, it leaves broken parts nil.
func parseMaterial(data map[string][]byte) material {
	var m material
	m.CAs = parseCerts(data[KeyCABundle])
	if len(m.CAs) > 0 {
		if key := parseKey(data[KeyCAKey]); key != nil && samePublicKey(m.CAs[0], key) {
			m.CA = &keyPair{Cert: m.CAs[0], Key: key, CertPEM: encodeCert(m.CAs[0]), KeyPEM: data[KeyCAKey]}
		}
	}
	if pair, err := tls.X509KeyPair(data[KeyServingCert], data[KeyServingKey]); err == nil {
		if leaf, err := x509.ParseCertificate(pair.Certificate[0]); err == nil {
			if signer, ok := pair.PrivateKey.(crypto.Signer); ok {
				m.Serving = &keyPair{Cert: leaf, Key: signer, CertPEM: data[KeyServingCert], KeyPEM: data[KeyServingKey]}
			}
		}
	}
	return m
}

// data encodes the material for the Secret.
func (m material) data() map[string][]byte {
	data := map[string][]byte{KeyCABundle: encodeBundle(m.CAs)}
	if m.CA != nil {
		data[KeyCAKey] = m.CA.KeyPEM
	}
	if m.Serving != nil {
		data[KeyServingCert] = m.Serving.CertPEM
		data[KeyServingKey] = m.Serving.KeyPEM
	}
	return data
}

// parseCerts decodes every CERTIFICATE block of a PEM bundle, skipping broken ones.
func parseCerts(data []byte) []*x509.Certificate {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return certs
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		if cert, err := x509.ParseCertificate(block.Bytes); err == nil {
			certs = append(certs, cert)
		}
	}
}

// parseKey decodes a PKCS#8 private key, or returns nil.
func parseKey(data []byte) crypto.Signer {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil
	}
	signer, _ := key.(crypto.Signer)
	return signer
}

// samePublicKey reports whether key is the private half of cert's public key.
func samePublicKey(cert *x509.Certificate, key crypto.Signer) bool {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(cert.PublicKey)
}

func encodeCert(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// encodeBundle concatenates the CAs' PEM, in order.
func encodeBundle(cas []*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, ca := range cas {
		b.Write(encodeCert(ca))
	}
	return b.Bytes()
}
