using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SmartGov.Hub.Data;

namespace SmartGov.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider without starting the hub.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SmartGovDbContext>
{
    public SmartGovDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SmartGovDbContext>();
        DatabaseExtensions.Configure(builder, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new SmartGovDbContext(builder.Options);
    }
}
