using System.Security.Cryptography;

namespace SmartGov.Crypto.Internal;

/// <summary>RFC 7468 textual encoding, the PEM that OpenSSL 3 reads and writes.</summary>
internal static class Pem
{
    public static string Write(string label, byte[] der) =>
        // OpenSSL and most tools expect the file to end with a newline after the END line.
        PemEncoding.WriteString(label, der) + "\n";

    /// <summary>
    /// Returns the first block whose label is one of <paramref name="acceptedLabels"/>, skipping others.
    /// OpenSSL may put a parameters block first (<c>openssl ecparam -genkey</c> writes
    /// "SM2 PARAMETERS" or "EC PARAMETERS" before the key).
    /// </summary>
    /// <exception cref="ArgumentException">No block with an accepted label was found.</exception>
    public static (string Label, byte[] Der) ReadFirst(string pem, string what, params string[] acceptedLabels)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var remaining = pem.AsSpan();
        var seen = new List<string>();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label].ToString();
            if (acceptedLabels.Contains(label, StringComparer.Ordinal))
            {
                var base64 = remaining[fields.Base64Data];
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(base64, der, out var written) || written != der.Length)
                {
                    throw new ArgumentException($"The {label} PEM block is not valid base64.", nameof(pem));
                }

                return (label, der);
            }

            seen.Add(label);
            remaining = remaining[fields.Location.End..];
        }

        var hint = seen.Contains("ENCRYPTED PRIVATE KEY")
            ? " Encrypted private keys are not supported; decrypt it first (openssl pkey -in KEY.pem -out PLAIN.pem)."
            : string.Empty;
        var found = seen.Count == 0 ? "no PEM block" : "only " + string.Join(", ", seen.Select(l => $"\"{l}\""));
        throw new ArgumentException(
            $"Expected a PEM {what} ({string.Join(" or ", acceptedLabels.Select(l => $"\"BEGIN {l}\""))}), but found {found}.{hint}",
            nameof(pem));
    }
}
