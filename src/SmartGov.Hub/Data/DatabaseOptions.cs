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

    /// <summary>
    /// SQLite only: saves made through <see cref="GroupCommitExtensions.SaveChangesGroupedAsync"/> are committed by one
    /// writer, many callers' units in one transaction and one fsync, each caller answered after its commit (docs/database.md).
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most units one group commit holds.</summary>
    [Range(1, 100_000)]
    public int GroupCommitMaxBatch { get; set; } = 1000;
}
