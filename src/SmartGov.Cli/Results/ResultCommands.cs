using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Cli.Results;

/// <summary>
/// <c>sgov result verify FILE --key PUB.pem</c>: checks a signed result document (*.sgr.json) offline.
/// Exit codes: 0 valid, 1 invalid (the reason is printed), 2 the command could not run (no file, bad key).
/// </summary>
public static class ResultCommands
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int CannotRun = 2;

    public static Command Create()
    {
        var result = new Command("result", "Signed result documents (结果文书): verify offline / 结果文书离线验真");
        result.Subcommands.Add(VerifyCommand());
        return result;
    }

    private static Command VerifyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The result file (*.sgr.json) as downloaded / 结果文书文件" };
        var key = new Option<string>("--key")
        {
            Description = "The platform's public key, PEM (\"BEGIN PUBLIC KEY\"), from GET /api/v1/results/public-key / 平台验签公钥",
            Required = true,
        };
        var command = new Command("verify",
            "Check a result document's signature (SM2-SM3, or ECDSA-P256-SHA256 under the intl profile) and print its fields; " +
            "exit 0 valid, 1 invalid, 2 cannot run / 核验结果文书签名：0 有效，1 无效，2 无法执行")
        {
            file, key,
        };
        command.SetAction(async (r, ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            byte[] bytes;
            IVerificationKey publicKey;
            try
            {
                bytes = await File.ReadAllBytesAsync(r.GetValue(file)!, ct);
                publicKey = ReadKey(await File.ReadAllTextAsync(r.GetValue(key)!, ct));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException or FormatException)
            {
                await error.WriteLineAsync($"sgov: {ex.Message}");
                return CannotRun;
            }
            var verdict = ResultFile.Verify(bytes, publicKey);
            if (verdict.Document is { } d)
            {
                await output.WriteLineAsync($"Application 办件编号: {d.ApplicationNumber}");
                await output.WriteLineAsync($"Item 事项:           {d.ItemName} ({d.ItemCode})");
                await output.WriteLineAsync($"Applicant 申请人:    {d.ApplicantName}");
                await output.WriteLineAsync($"Department 部门:     {d.DepartmentName} ({d.DepartmentId})");
                await output.WriteLineAsync($"Decision 结果:       {ResultCanonicalJson.DecisionName(d.Decision)}{(d.Reasons is null ? "" : " — " + d.Reasons)}");
                if (d.LicenceTypeCode is not null || d.LicenceNumber is not null)
                {
                    await output.WriteLineAsync($"Licence 证照:        {d.LicenceTypeCode} {d.LicenceNumber}");
                }
                if (d.ValidFrom is not null || d.ValidTo is not null)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Valid 有效期:        {d.ValidFrom:yyyy-MM-dd} .. {d.ValidTo:yyyy-MM-dd}"));
                }
                await output.WriteLineAsync($"Issued 签发:         {ResultCanonicalJson.FormatTime(d.IssuedAt)}  document {d.DocumentId}");
            }
            if (verdict.Valid)
            {
                await output.WriteLineAsync($"OK 验证通过: {verdict.MessageEn} / {verdict.MessageZh}");
                return Valid;
            }
            await output.WriteLineAsync($"INVALID 验证未通过 ({verdict.Reason}): {verdict.MessageEn} / {verdict.MessageZh}{(verdict.Detail is null ? "" : $" [{verdict.Detail}]")}");
            return Invalid;
        });
        return command;
    }

    /// <summary>An SM2 or a P-256 public key: the file's algorithm field then has to match.</summary>
    private static IVerificationKey ReadKey(string pem)
    {
        try
        {
            return CryptoProfiles.Gm.ImportVerificationKey(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException or InvalidOperationException)
        {
            try
            {
                return CryptoProfiles.Intl.ImportVerificationKey(pem);
            }
            catch (Exception inner) when (inner is ArgumentException or CryptographicException or FormatException or InvalidOperationException)
            {
                throw new ArgumentException($"--key is not an SM2 or ECDSA P-256 public key in PEM (\"BEGIN PUBLIC KEY\"): {ex.Message} / 公钥格式无效。", ex);
            }
        }
    }
}
