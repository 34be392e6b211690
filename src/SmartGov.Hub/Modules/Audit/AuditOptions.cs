using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>"gm" (SM3 tree, SM2 heads; the default) or "intl" (SHA-256 tree, ECDSA P-256 heads). Fixed for the life of a log.</summary>
    [Required]
    public string Profile { get; set; } = "gm";

    /// <summary>
    /// PKCS#8 PEM private key that signs tree heads. When unset, {Database:DataDirectory}/keys/audit-signing.pem,
    /// generated on first use in Development and in the demo city; production must supply the file.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Generate <see cref="SigningKeyFile"/> when it does not exist (development and demo only).</summary>
    public bool GenerateSigningKeyIfMissing { get; set; }

    /// <summary>
    /// To replace the signing key: the PEM private key that signed the log so far, while <see cref="SigningKeyFile"/>
    /// holds the new one. The sequencer has the old key hand over to the new (both sign the key's statement, see
    /// <see cref="AuditKeyHistory"/>) with its next batch; the file can be removed once that has happened.
    /// </summary>
    public string? PreviousSigningKeyFile { get; set; }

    /// <summary>
    /// Entries younger than this are never removed. GB/T 22239-2019 8.1.4.3 c) asks for at least six months
    /// (and the Cybersecurity Law art. 21 for network logs), so less than 180 days is refused.
    /// </summary>
    [Range(180, 36500)]
    public int RetentionDays { get; set; } = 400;

    /// <summary>Run the sequencer in this process (a lease in the database keeps it to one node at a time).</summary>
    public bool SequencerEnabled { get; set; } = true;

    /// <summary>How often the sequencer looks for committed entries; every batch it sequences gets a signed head.</summary>
    /// (200 ms with batches of 5,000 keeps commit-to-signed-head p99 under 1.5 s at ~4,000 appends/s: docs/audit.md.)
    [Range(10, 60_000)]
    public int SequencerIntervalMilliseconds { get; set; } = 200;

    /// <summary>Most entries sequenced (and covered by one head) per batch.</summary>
    [Range(1, 200_000)]
    public int SequencerBatchSize { get; set; } = 5_000;

    /// <summary>
    /// Every signed head is kept this long (at least 24 hours); older heads are thinned to the last of each minute
    /// (<see cref="AuditHeadThinner"/>). 0 keeps every head for ever.
    /// </summary>
    [Range(0, 876_000)]
    public int KeepEveryHeadHours { get; set; } = 24;

    /// <summary>
    /// A file outside the database (another machine's share, write-once storage) to which a signed head is appended at
    /// most every <see cref="HeadWitnessSeconds"/>; <c>sgov audit verify</c> checks the log against its newest head, which
    /// catches a cleanly truncated log (<see cref="AuditHeadWitness"/>). Unset: no witness.
    /// </summary>
    public string? HeadWitnessFile { get; set; }

    /// <summary>Seconds between two heads written to <see cref="HeadWitnessFile"/> (0: every head).</summary>
    [Range(0, 86_400)]
    public int HeadWitnessSeconds { get; set; } = 60;

    /// <summary>How long a sequencer's lease lasts without renewal before another node may take over.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 15;
}
