using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// The exchange management center's SM2 key, which signs the global configuration. Read from Exchange:CenterKeyFile,
/// or {Database:DataDirectory}/keys/exchange-center.pem, generated there (mode 0600) when it does not exist yet.
/// </summary>
public sealed class ExchangeCenterKey
{
    private readonly Lazy<Sm2KeyPair> _key;

    public ExchangeCenterKey(IOptions<ExchangeOptions> options, IConfiguration configuration)
    {
        var path = options.Value.CenterKeyFile is { Length: > 0 } f
            ? f
            : Path.Combine(configuration["Database:DataDirectory"] is { Length: > 0 } d ? d : "data", "keys", "exchange-center.pem");
        Path_ = path;
        _key = new Lazy<Sm2KeyPair>(() => LoadOrCreate(path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path_ { get; }

    public Sm2KeyPair Key => _key.Value;

    public string PublicKeyPem => Key.PublicKeyPem();

    private static Sm2KeyPair LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Common.KeyFiles.WriteIfAbsent(path, Sm2KeyPair.Generate().PrivateKeyPem());
        }
        return Sm2KeyPair.FromPrivateKeyPem(File.ReadAllText(path));
    }
}
