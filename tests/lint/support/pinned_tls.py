"""
``lint --links`` on https, end to end, run as a child process (needs Twisted's TLS support).

An https server on 127.0.0.1 port 0 (the standard library's, in a thread)
has a certificate made here for ``localhost`` only and records each
request's ``Host`` header and TLS server name; ``SSL_CERT_FILE`` makes that
certificate the only trusted one.  The link checker's ``fetch_all`` then
checks ``https://localhost:PORT/`` (must verify: the name is checked
against the URL's host while the connection goes to the pinned address)
and ``https://127.0.0.1:PORT/`` (must fail the hostname check).  Prints JSON.
"""

import datetime
import http.server
import json
import os
import ssl
import sys
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from faq_checks.lint.linkfetch import Limits, fetch_all


def certificate_for(name: str) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


SEEN = {"hosts": [], "server_names": []}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        SEEN["hosts"].append(self.headers["Host"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def main() -> None:
    folder = tempfile.mkdtemp()
    cert_pem, key_pem = certificate_for("localhost")
    cert_file, key_file = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    for path, data in ((cert_file, cert_pem), (key_file, key_pem)):
        with open(path, "wb") as handle:
            handle.write(data)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda sock, name, ctx: SEEN["server_names"].append(name)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    os.environ["SSL_CERT_FILE"] = cert_file
    urls = {"name": f"https://localhost:{port}/", "address": f"https://127.0.0.1:{port}/"}
    outcomes = fetch_all(urls.values(), Limits(timeout=float(sys.argv[1])))
    httpd.shutdown()
    print(json.dumps({"outcomes": {key: [outcomes[url].kind, outcomes[url].detail] for key, url in urls.items()},
                      "port": port, **SEEN}))


if __name__ == "__main__":
    main()
