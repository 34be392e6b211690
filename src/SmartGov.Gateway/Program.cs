using SmartGov.Gateway;

// `SmartGov.Gateway --init [--Gateway:KeyFile=path]` generates the gateway key and prints its public key.
if (args.Contains("--init") || args.Contains("keygen"))
{
    return GatewayHost.Init([.. args.Where(a => a is not "--init" and not "keygen")], Console.Out);
}

// `SmartGov.Gateway register --center URL --code CODE --address URL`: registers with the exchange management center.
if (args.Contains("register"))
{
    return await SmartGov.Gateway.Center.CenterRegistration.RunAsync(args, Console.Out);
}

args = await SmartGov.Gateway.Center.CenterRegistration.PrepareAsync(args, Console.Out);
var app = GatewayHost.Build(args);
await app.RunAsync();
return 0;
