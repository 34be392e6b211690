using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SmartGov.Supervision.Tests.Infrastructure;

/// <summary>A clock the test moves forward: real time plus an offset.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    /// <summary>Back to real time, so the class's other tests (TOTP codes, cookies) see the present.</summary>
    public void Reset() => _offset = TimeSpan.Zero;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}

/// <summary>The hub with the test's clock in place of the system clock.</summary>
public sealed class ClockFactory : SmartGovFactory
{
    public ManualTimeProvider Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
