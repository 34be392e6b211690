using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file, uploads and generated keys when nothing else is configured.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when the hub starts (development and the demo city).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
