extern alias gateway;

using SmartGov.Crypto;
using gateway::SmartGov.Gateway;

namespace SmartGov.Handover.Tests;

/// <summary>The Http adapter's fixed Headers (a hub's API token) cannot take over the exchange's own headers, and a refusal never shows the secret.</summary>
public sealed class GatewayHeadersTests
{
    [Theory]
    [InlineData("SmartGov-Client")]
    [InlineData("Content-Type")]
    [InlineData("Host")]
    public async Task A_service_that_would_set_an_exchange_or_content_header_is_refused_without_showing_the_value(string header)
    {
        var root = Path.Combine(Path.GetTempPath(), "sgov-hdr-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "gw.key"), Sm2KeyPair.Generate().PrivateKeyPem());
            await File.WriteAllTextAsync(Path.Combine(root, "center.pem"), Sm2KeyPair.Generate().PublicKeyPem());
            // The gateway does not even build (so never starts) with such a service.
            var error = Assert.ThrowsAny<InvalidOperationException>(() => GatewayHost.Build(
            [
                "--urls=http://127.0.0.1:0", $"--Gateway:MemberId=CN-DEMO/GOV/{SmartGov.Core.CreditCode.Compose('1', '1', "371800", "30000008")}", $"--Gateway:KeyFile={Path.Combine(root, "gw.key")}",
                $"--Gateway:DataDirectory={Path.Combine(root, "data")}", $"--Gateway:ConfigSource={Path.Combine(root, "none.json")}",
                $"--Gateway:CenterPublicKeyFile={Path.Combine(root, "center.pem")}", "--Logging:LogLevel:Default=Warning",
                "--Gateway:Services:0:Code=hub/handover", "--Gateway:Services:0:BaseUrl=http://127.0.0.1:1/inbox",
                $"--Gateway:Services:0:Headers:{header}=secret-value-42",
            ]));
            Assert.Contains(header, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secret-value-42", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }
}
