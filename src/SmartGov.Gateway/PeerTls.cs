using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartGov.Gateway;

/// <summary>Mutual TLS between gateways, peers pinned by certificate thumbprint (<see cref="TlsOptions"/>).</summary>
public sealed class PeerTls
{
    private readonly Dictionary<string, HashSet<string>> _pinned = new(StringComparer.Ordinal);

    public PeerTls(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Enabled;
        if (!Enabled)
        {
            return;
        }

        Certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile!, options.KeyFile);
        foreach (var entry in options.PinnedPeers)
        {
            var eq = entry.LastIndexOf('=');
            if (eq <= 0)
            {
                throw new InvalidOperationException($"Gateway:Tls:PinnedPeers entry '{entry}' is not MEMBER=THUMBPRINT.");
            }

            var member = entry[..eq].Trim();
            if (!_pinned.TryGetValue(member, out var set))
            {
                _pinned[member] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            set.Add(Normalize(entry[(eq + 1)..]));
        }
    }

    public bool Enabled { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>The SHA-256 thumbprint, upper-case hex without separators: what PinnedPeers lists.</summary>
    public static string Thumbprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>A server certificate is acceptable if it is pinned for any peer (the SM2 signatures bind the member).</summary>
    public bool IsPinned(X509Certificate? certificate) =>
        certificate is not null && _pinned.Values.Any(s => s.Contains(Thumbprint(certificate)));

    /// <summary>Null when the caller may go on; otherwise why its connection is refused.</summary>
    public string? Check(HttpContext http, string clientMember)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Enabled)
        {
            return null;
        }

        if (!http.Request.IsHttps || http.Connection.ClientCertificate is not { } certificate)
        {
            return "Mutual TLS is required between gateways: call over HTTPS with this department's pinned client certificate.";
        }

        return _pinned.TryGetValue(clientMember, out var set) && set.Contains(Thumbprint(certificate))
            ? null
            : $"The TLS client certificate (SHA-256 {Thumbprint(certificate)}) is not pinned for {clientMember}.";
    }

    private static string Normalize(string thumbprint) => thumbprint.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
