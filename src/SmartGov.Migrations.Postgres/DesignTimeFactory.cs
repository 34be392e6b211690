using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SmartGov.Hub.Data;

namespace SmartGov.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider without starting the hub.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SmartGovDbContext>
{
    public SmartGovDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SmartGovDbContext>();
        DatabaseExtensions.Configure(builder, DatabaseProvider.Postgres, "Host=127.0.0.1;Database=smartgov_design;Username=postgres");
        return new SmartGovDbContext(builder.Options);
    }
}
