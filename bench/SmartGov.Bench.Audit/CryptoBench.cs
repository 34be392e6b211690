using System.Diagnostics;
using System.Globalization;
using SmartGov.Crypto;

namespace SmartGov.Bench.Audit;

/// <summary>
/// SM2 sign/verify per second and SM3/SM4 MB/s of SmartGov.Crypto, against `openssl speed` on this machine. Rates are per
/// CPU-second of this process, as `openssl speed` counts them, so that other work on a shared machine does not skew the
/// ratio; the wall-clock rate of SM3 is printed too.
/// </summary>
internal static class CryptoBench
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    public static async Task<object> RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine($"== SM2 / SM3 / SM4: SmartGov.Crypto vs openssl speed (1 thread each, per CPU-second; SM3 {Sm3.Implementation}) ==");
        var key = Sm2KeyPair.Generate();
        var message = new byte[64];
        Random.Shared.NextBytes(message);
        var signature = key.Sign(message);
        var signRate = Rate(() => key.Sign(message));
        var verifyRate = Rate(() => key.PublicKey.Verify(message, signature));
        var block = new byte[16384];
        Random.Shared.NextBytes(block);
        var sm3 = Rate(() => Sm3.Hash(block)) * block.Length / 1e6;
        var sm3Wall = _lastWallRate * block.Length / 1e6;
        var leaf = new byte[636]; // the size of a bench log entry's canonical bytes
        Random.Shared.NextBytes(leaf);
        var sm3Leaf = Rate(() => MerkleHasher.Sm3.HashLeaf(leaf));
        var sm4Key = new byte[16];
        var iv = new byte[16];
        var sm4Cbc = Rate(() => Sm4.CbcEncrypt(sm4Key, iv, block)) * block.Length / 1e6;
        var sm4Gcm = Rate(() => Sm4.GcmEncrypt(sm4Key, block)) * block.Length / 1e6;

        var openssl = await OpenSslAsync();
        string Ratio(double ours, double? theirs) => theirs is > 0 ? (ours / theirs.Value).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine($"SM2 sign      {signRate,10:N0} /s    openssl {Show(openssl.Sign),10} /s    ratio {Ratio(signRate, openssl.Sign)}");
        Console.WriteLine($"SM2 verify    {verifyRate,10:N0} /s    openssl {Show(openssl.Verify),10} /s    ratio {Ratio(verifyRate, openssl.Verify)}");
        Console.WriteLine($"SM3           {sm3,10:N0} MB/s  openssl {Show(openssl.Sm3),10} MB/s  ratio {Ratio(sm3, openssl.Sm3)}   (16 KiB blocks; wall clock {sm3Wall:N0} MB/s)");
        Console.WriteLine($"SM3 leaf      {sm3Leaf,10:N0} /s    (H(0x00 ‖ 636 bytes), the audit log's leaf)");
        Console.WriteLine($"SM4-CBC enc   {sm4Cbc,10:N0} MB/s  openssl {Show(openssl.Sm4Cbc),10} MB/s  ratio {Ratio(sm4Cbc, openssl.Sm4Cbc)}");
        Console.WriteLine($"SM4-GCM enc   {sm4Gcm,10:N0} MB/s  openssl {"n/a",10}       (OpenSSL 3.0 has no sm4-gcm in `speed`)");
        return new
        {
            sm2SignPerSecond = Math.Round(signRate),
            sm2VerifyPerSecond = Math.Round(verifyRate),
            sm3MBps = Math.Round(sm3, 1),
            sm3WallMBps = Math.Round(sm3Wall, 1),
            sm3LeavesPerSecond = Math.Round(sm3Leaf),
            sm3Implementation = Sm3.Implementation,
            sm4CbcMBps = Math.Round(sm4Cbc, 1),
            sm4GcmMBps = Math.Round(sm4Gcm, 1),
            openssl = new { sm2SignPerSecond = openssl.Sign, sm2VerifyPerSecond = openssl.Verify, sm3MBps = openssl.Sm3, sm4CbcMBps = openssl.Sm4Cbc },
        };
    }

    private static string Show(double? v) => v is null ? "n/a" : v.Value.ToString("N0", CultureInfo.InvariantCulture);

    private static double _lastWallRate;

    /// <summary>Operations per CPU-second of this process (the wall-clock rate is kept in <see cref="_lastWallRate"/>).</summary>
    private static double Rate(Action action)
    {
        for (var i = 0; i < 50; i++)
        {
            action();
        }
        var n = 0;
        var cpu = CpuClock.Start();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration)
        {
            action();
            n++;
        }
        _lastWallRate = n / clock.Elapsed.TotalSeconds;
        return n / cpu.Seconds;
    }

    private static async Task<(double? Sign, double? Verify, double? Sm3, double? Sm4Cbc)> OpenSslAsync()
    {
        var sm2 = await RunAsync("speed", "-mr", "-seconds", "2", "sm2");
        var sm3 = await RunAsync("speed", "-mr", "-seconds", "2", "-bytes", "16384", "-evp", "sm3");
        var sm4 = await RunAsync("speed", "-mr", "-seconds", "2", "-bytes", "16384", "-evp", "sm4-cbc");
        double? sign = null, verify = null, h = null, c = null;
        foreach (var line in sm2.Split('\n'))
        {
            // +F7:0:256:CurveSM2:<sign/s>:<verify/s>
            var f = line.Trim().Split(':');
            if (f.Length >= 6 && f[0] == "+F7")
            {
                sign = double.Parse(f[4], CultureInfo.InvariantCulture);
                verify = double.Parse(f[5], CultureInfo.InvariantCulture);
            }
        }
        h = BytesPerSecond(sm3);
        c = BytesPerSecond(sm4);
        return (sign, verify, h / 1e6, c / 1e6);
    }

    private static double? BytesPerSecond(string output)
    {
        // +F:<n>:<name>:<bytes per second for the one block size>
        foreach (var line in output.Split('\n'))
        {
            var f = line.Trim().Split(':');
            if (f.Length >= 4 && f[0] == "+F")
            {
                return double.Parse(f[^1], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            using var p = Process.Start(start)!;
            var output = await p.StandardOutput.ReadToEndAsync();
            await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
