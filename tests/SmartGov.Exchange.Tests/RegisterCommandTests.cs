extern alias gateway;

using gateway::SmartGov.Gateway.Center;

namespace SmartGov.Exchange.Tests;

public sealed class RegisterCommandTests
{
    [Fact]
    public void The_register_command_reads_its_three_switches_and_the_gateway_settings()
    {
        var config = CenterRegistration.ReadConfiguration(
            ["register", "--center", "https://hub.example", "--code", "sgr_abc", "--address", "https://gw.example:5301", "--Gateway:KeyFile=/tmp/k.pem"]);
        Assert.Equal("https://hub.example", config["Center:Url"]);
        Assert.Equal("sgr_abc", config["Center:RegistrationCode"]);
        Assert.Equal("https://gw.example:5301", config["Center:Address"]);
        Assert.Equal("/tmp/k.pem", config["Gateway:KeyFile"]);
    }

    [Fact]
    public async Task The_register_command_says_what_is_missing_and_fails()
    {
        var output = new StringWriter();
        Assert.Equal(1, await CenterRegistration.RunAsync(["register", "--center", "https://hub.example"], output));
        Assert.Contains("--code", output.ToString());
    }
}
