using System.Globalization;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>The README.md written into every export bundle: how to check it offline.</summary>
internal static class AuditBundleReadme
{
    public static string Text(AuditBundleManifest m)
    {
        var gm = m.Profile == "gm";
        var digest = gm ? "sm3" : "sha256";
        var distid = gm ? " -pkeyopt distid:1234567812345678" : "";
        var anchor = AuditExporter.HeadFileName(m.AnchorTreeSize);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            # SmartGov audit log export / 智慧政务审计日志导出包

            Entries {{m.FromSequence}}..{{m.ToSequence - 1}} of the platform's tamper-evident audit log, with the signed tree
            heads (签名树头) and the proofs needed to check them **offline**, without the database.
            Profile `{{m.Profile}}`: Merkle tree (RFC 6962) over {{m.Hash.ToUpperInvariant()}}, heads signed with {{m.SignatureAlgorithm}}.
            Written {{m.CreatedAt}} ({{m.Reason}}).

            | file | content |
            |---|---|
            | `manifest.json` | format, profile, range, the anchor head's size, the {{m.Hash.ToUpperInvariant()}} of `entries.jsonl` ({{m.EntriesHash}}) |
            | `entries.jsonl` | one entry per line: its canonical JSON, byte for byte the Merkle leaf data |
            | `heads.jsonl` | every signed tree head in the bundle, oldest first; the last one ({{m.AnchorTreeSize}} entries) is the anchor |
            | `heads/NNNNNNNNNNNN.json` | one head; `.msg` is the exact signed text, `.sig` the DER signature |
            | `proofs/inclusion.jsonl` | for each entry, its audit path to the anchor head (RFC 6962 §2.1.1), hex |
            | `proofs/consistency.jsonl` | between consecutive heads, the consistency proof (RFC 6962 §2.1.2), hex |
            | `public-key.pem` | the platform's audit public key (SubjectPublicKeyInfo PEM) |
            | `keys.json`, `keys/key-N.pem` | only if the signing key was ever replaced: the key history. Key N signs the heads of size `fromTreeSize` and up, until the next key's; each key's `signedText` is signed by the key itself (`signature`) and by the key before it (`previousSignature`) |

            ## 1. Trust the key / 确认公钥

            Compare the key's fingerprint with the one the platform publishes (GET /api/v1/audit/public-key, or the
            security administrator's record). Never trust a key only because it is in the bundle.

            ```sh
            openssl pkey -pubin -in public-key.pem -outform DER | openssl dgst -{{digest}}
            ```

            ## 2. Check every head's signature with OpenSSL alone / 仅用 OpenSSL 验证树头签名

            ```sh
            openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -digest {{digest}}{{distid}} \
                -in heads/{{anchor}}.msg -sigfile heads/{{anchor}}.sig
            # prints "Signature Verified Successfully"; the exit code is non-zero otherwise

            for f in heads/*.msg; do
              openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -digest {{digest}}{{distid}} \
                  -in "$f" -sigfile "${f%.msg}.sig" >/dev/null || echo "BAD SIGNATURE: $f"
            done
            ```
            {{(gm ? "\nOpenSSL 3.0 uses an empty SM2 ID unless `-pkeyopt distid:1234567812345678` is given; the heads use the\nGM/T 0009 default ID, so the option is required.\n" : "")}}
            If the bundle has `keys.json`, check each head with `keys/key-N.pem` for the N whose range holds its tree size
            instead, and each hand-over: `signedText` (without a newline) against `signature` with key N and against
            `previousSignature` with key N − 1. `sgov audit verify-bundle` does all of this.

            Each `.msg` file is the head's JSON text, e.g. `{"profile":"{{m.Profile}}","rootHash":"…","timestamp":"…","treeSize":N,"type":"smartgov-audit-tree-head","v":1}`:
            read the tree size and root from it.

            ## 3. Check the entries and proofs / 验证记录与证明

            With the SmartGov command line (no database needed):

            ```sh
            sgov audit verify-bundle .                        # trusts ./public-key.pem
            sgov audit verify-bundle . --public-key trusted.pem
            ```

            It checks: every head's signature; each `.msg`/`.sig` pair against `heads.jsonl`; the consistency proof between
            each pair of consecutive heads; that every line of `entries.jsonl` is canonical JSON with the next sequence
            number; and that its leaf hash, {{m.Hash.ToUpperInvariant()}}(0x00 ‖ line bytes), proves into the anchor head with its audit
            path. A bundle that starts at entry 0 also recomputes each head's root from the entries. It prints the first
            problem and exits 1, or exits 0.

            To re-implement the check: the leaf hash of an entry is H(0x00 ‖ bytes of its line, without the newline), an
            interior node H(0x01 ‖ left ‖ right); verify the audit path with the algorithm of RFC 9162 §2.1.3.2 and the
            consistency proofs with §2.1.4.2. The canonical JSON rules are in SmartGov's docs/audit.md.
            """);
    }
}
