using SmartGov.Hub.Seeding;

/// <summary>What a person needs to start using the demo city, printed when the AppHost starts.</summary>
internal static class DemoCityBanner
{
    public static void Print(string hubUrl, string hubData)
    {
        var c = DemoCitySeeder.DemoCitizen;
        Console.WriteLine($"""

            ==== 智慧政务 SmartGov demo city 示范市 (Aspire AppHost) ====
              Portal 门户:    {hubUrl}/
              Console 后台:   {hubUrl}/console
              API reference:  {hubUrl}/api/reference
              Dashboard:      the "Login to the dashboard at ..." line below (logs, metrics, traces)
              Hub data:       {hubData}   (delete data/ to reset the demo city)
              Password of every demo account 演示账号密码: {DemoCitySeeder.DemoPassword}
                citizen 公众   {c.IdNumber} or {c.Mobile} ({c.Name})
            """);
        foreach (var login in DemoCitySeeder.DemoLogins().Where(l => !l.UserName.Contains('.', StringComparison.Ordinal)))
        {
            Console.WriteLine($"    {login.UserName,-12} {login.Roles,-28} TOTP {login.TotpSecret}");
        }
        Console.WriteLine("    {dept}.officer / {dept}.leader / {dept}.data for every department (docs/demo-city.md lists them)");
        Console.WriteLine();
    }
}
