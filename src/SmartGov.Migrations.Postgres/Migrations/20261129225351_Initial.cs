using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SmartGov.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_daily_rollups",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HallId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Submitted = table.Column<int>(type: "integer", nullable: false),
                    Accepted = table.Column<int>(type: "integer", nullable: false),
                    IntakeRefused = table.Column<int>(type: "integer", nullable: false),
                    SupplementRequests = table.Column<int>(type: "integer", nullable: false),
                    Approved = table.Column<int>(type: "integer", nullable: false),
                    Denied = table.Column<int>(type: "integer", nullable: false),
                    Completed = table.Column<int>(type: "integer", nullable: false),
                    CompletedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Withdrawn = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_daily_rollups", x => new { x.Day, x.DepartmentId, x.ImplementationCode, x.HallId, x.Channel });
                });

            migrationBuilder.CreateTable(
                name: "application_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    StepName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    FromStatus = table.Column<int>(type: "integer", nullable: false),
                    ToStatus = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_extensions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RequestedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_extensions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_handovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Direction = table.Column<int>(type: "integer", nullable: false),
                    PackageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    PackageSm3 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KeyFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DedupKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<Guid>(type: "uuid", nullable: false),
                    ByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_handovers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_monthly_rollups",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HallId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Submitted = table.Column<int>(type: "integer", nullable: false),
                    Accepted = table.Column<int>(type: "integer", nullable: false),
                    IntakeRefused = table.Column<int>(type: "integer", nullable: false),
                    SupplementRequests = table.Column<int>(type: "integer", nullable: false),
                    Approved = table.Column<int>(type: "integer", nullable: false),
                    Denied = table.Column<int>(type: "integer", nullable: false),
                    Completed = table.Column<int>(type: "integer", nullable: false),
                    CompletedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Withdrawn = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_monthly_rollups", x => new { x.Month, x.DepartmentId, x.ImplementationCode, x.HallId, x.Channel });
                });

            migrationBuilder.CreateTable(
                name: "application_pauses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Supplement = table.Column<bool>(type: "boolean", nullable: false),
                    Procedure = table.Column<int>(type: "integer", nullable: true),
                    ProcedureLimitDays = table.Column<int>(type: "integer", nullable: true),
                    PausedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ResumedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_pauses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_ratings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    HallId = table.Column<Guid>(type: "uuid", nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Efficiency = table.Column<int>(type: "integer", nullable: true),
                    Attitude = table.Column<int>(type: "integer", nullable: true),
                    Convenience = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    RatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    OnBehalf = table.Column<bool>(type: "boolean", nullable: false),
                    RatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_results",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Decision = table.Column<int>(type: "integer", nullable: false),
                    LicenceTypeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LicenceNumber = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    HolderIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LicencePayload = table.Column<byte[]>(type: "bytea", nullable: true),
                    LibrarySentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LibraryAttempts = table.Column<int>(type: "integer", nullable: false),
                    LibraryError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LibraryNextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_results", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_sequences",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_sequences", x => x.Scope);
                });

            migrationBuilder.CreateTable(
                name: "application_step_votes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Approve = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_step_votes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StepName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssigneeName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Approvals = table.Column<int>(type: "integer", nullable: false),
                    Denials = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ApplicationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RemindedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EscalatedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    HallId = table.Column<Guid>(type: "uuid", nullable: true),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ApplicantKind = table.Column<int>(type: "integer", nullable: false),
                    ApplicantUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ApplicantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApplicantIdCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    ApplicantIdIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApplicantIdMasked = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TrackingCheck = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    BusinessName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    BusinessCreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    MobileCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    MobileMasked = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FormData = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    LimitDays = table.Column<int>(type: "integer", nullable: false),
                    AcceptedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtensionDays = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<int>(type: "integer", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SupplementNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RefusalReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    OnTime = table.Column<bool>(type: "boolean", nullable: true),
                    Visits = table.Column<int>(type: "integer", nullable: false),
                    OriginNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OriginRegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    ShareConsentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ShareConsentBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    IdNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    IdNumberIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdNumberMasked = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    MobileCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    MobileIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MobileMasked = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ElderlyMode = table.Column<bool>(type: "boolean", nullable: false),
                    PreferredCulture = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_archives",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromSequence = table.Column<long>(type: "bigint", nullable: false),
                    ToSequence = table.Column<long>(type: "bigint", nullable: false),
                    Before = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeadTreeSize = table.Column<long>(type: "bigint", nullable: false),
                    EntriesHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Location = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_archives", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Holder = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActorType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ActorDepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubjectType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SubjectId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    PersonIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SourceAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TraceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Details = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Sequence = table.Column<long>(type: "bigint", nullable: true),
                    LeafHash = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_tree_heads",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    Profile = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 160, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_tree_heads", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "audit_tree_nodes",
                columns: table => new
                {
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_tree_nodes", x => new { x.Level, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "businesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_businesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    ClassificationCode = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    ProviderDepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_resources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_departments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "eval_indicator_systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IsTemplate = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_indicator_systems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "eval_projects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Budget = table.Column<double>(type: "double precision", nullable: false),
                    Spend = table.Column<double>(type: "double precision", nullable: false),
                    Goals = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CostBenefit = table.Column<double>(type: "double precision", nullable: true),
                    ApplicationEffect = table.Column<double>(type: "double precision", nullable: true),
                    Collaboration = table.Column<double>(type: "double precision", nullable: true),
                    Security = table.Column<double>(type: "double precision", nullable: true),
                    Innovation = table.Column<double>(type: "double precision", nullable: true),
                    EvaluationComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EvaluatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EvaluatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "eval_security_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_security_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_access_rights",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Client = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ServiceRef = table.Column<Guid>(type: "uuid", nullable: false),
                    Methods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Paths = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Purposes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_access_rights", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_config_versions",
                columns: table => new
                {
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SignedJson = table.Column<string>(type: "text", nullable: false),
                    Members = table.Column<int>(type: "integer", nullable: false),
                    Gateways = table.Column<int>(type: "integer", nullable: false),
                    Services = table.Column<int>(type: "integer", nullable: false),
                    AccessRights = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_config_versions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "exchange_gateways",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberRef = table.Column<Guid>(type: "uuid", nullable: false),
                    Address = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    PublicKeyPem = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConfigVersionInUse = table.Column<long>(type: "bigint", nullable: true),
                    LastReportSentAt = table.Column<long>(type: "bigint", nullable: false),
                    WitnessedSize = table.Column<long>(type: "bigint", nullable: false),
                    WitnessedRoot = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    WitnessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Inconsistent = table.Column<bool>(type: "boolean", nullable: false),
                    InconsistentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    InconsistencyDetail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_gateways", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_members", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_registration_codes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberRef = table.Column<Guid>(type: "uuid", nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    PreApproved = table.Column<bool>(type: "boolean", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GatewayRef = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_registration_codes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberRef = table.Column<Guid>(type: "uuid", nullable: false),
                    Subsystem = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ServiceId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpenApiJson = table.Column<string>(type: "text", nullable: true),
                    CatalogResourceCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    MessageLog = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_services", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_subsystems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberRef = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_subsystems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_traffic",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GatewayRef = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Client = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Service = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Calls = table.Column<long>(type: "bigint", nullable: false),
                    Errors = table.Column<long>(type: "bigint", nullable: false),
                    ErrorsByType = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    P50Ms = table.Column<double>(type: "double precision", nullable: false),
                    P95Ms = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_traffic", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witnessed_heads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GatewayRef = table.Column<Guid>(type: "uuid", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    Signature = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Consistent = table.Column<bool>(type: "boolean", nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witnessed_heads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "holiday_calendar_days",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holiday_calendar_days", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "holiday_calendar_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holiday_calendar_years", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "notification_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientAddress = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "character varying(9000)", maxLength: 9000, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BodyZh = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    BodyEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SubjectType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SubjectId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rating_rectifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RatingId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ItemName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    HallId = table.Column<Guid>(type: "uuid", nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    RatingComment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Measures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RespondedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RespondedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RespondedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    SupervisorNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    SentBack = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regions", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "rollup_checkpoints",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LastEventId = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rollup_checkpoints", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "service_halls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OpeningHours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_halls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "service_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "stored_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StoreKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sm3 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedById = table.Column<Guid>(type: "uuid", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SubjectId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    AttachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stored_files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sup_key_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_key_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "workflow_definitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ImplementationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workflow_definitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "application_materials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: true),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Sm3 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Missing = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TrustLevel = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    LicenceTypeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LicenceNumber = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    IssuerDepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    IssuerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FetchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Verification = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Verified = table.Column<bool>(type: "boolean", nullable: true),
                    ExchangeMessageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_materials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_application_materials_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "business_agents",
                columns: table => new
                {
                    BusinessId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_business_agents", x => new { x.BusinessId, x.UserId });
                    table.ForeignKey(
                        name: "FK_business_agents_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_business_agents_businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalTable: "businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_resource_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ClassificationCode = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    ProviderDepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Abstract = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Format = table.Column<int>(type: "integer", nullable: false),
                    DataItemsJson = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    SharingType = table.Column<int>(type: "integer", nullable: false),
                    SharingConditions = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SharingMethods = table.Column<int>(type: "integer", nullable: false),
                    OpenToPublic = table.Column<bool>(type: "boolean", nullable: false),
                    OpenConditions = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    UpdateCycle = table.Column<int>(type: "integer", nullable: false),
                    ReleaseDate = table.Column<DateOnly>(type: "date", nullable: false),
                    RelatedCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    PersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    ChangeNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_resource_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_resource_versions_catalog_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "catalog_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_sharing_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceCode = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    ResourceVersion = table.Column<int>(type: "integer", nullable: false),
                    ProviderDepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerDepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purposes = table.Column<List<string>>(type: "text[]", nullable: false),
                    DataItems = table.Column<List<string>>(type: "text[]", nullable: false),
                    Scope = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RevokedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    RevokeReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_sharing_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_sharing_requests_catalog_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "catalog_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "eval_indicators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SystemId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Weight = table.Column<double>(type: "double precision", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RuleName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Rubric = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MaxScore = table.Column<double>(type: "double precision", nullable: true),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_indicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_eval_indicators_eval_indicator_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "eval_indicator_systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "eval_rounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: false),
                    SystemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_rounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_eval_rounds_eval_indicator_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "eval_indicator_systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "eval_project_systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Keywords = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LastUsedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MonthlyUsers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_project_systems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_eval_project_systems_eval_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "eval_projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_item_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    BasicCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ItemType = table.Column<int>(type: "integer", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AcceptanceConditions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ApplicantTypes = table.Column<int>(type: "integer", nullable: false),
                    StatutoryDays = table.Column<int>(type: "integer", nullable: false),
                    PromisedDays = table.Column<int>(type: "integer", nullable: false),
                    Fees = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    FeeBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    HandlingForm = table.Column<int>(type: "integer", nullable: false),
                    MaxVisits = table.Column<int>(type: "integer", nullable: false),
                    HallIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    CityWide = table.Column<bool>(type: "boolean", nullable: false),
                    LifeEvents = table.Column<int[]>(type: "integer[]", nullable: false),
                    BusinessStages = table.Column<int[]>(type: "integer[]", nullable: false),
                    Keywords = table.Column<List<string>>(type: "text[]", nullable: false),
                    FormSchema = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    WithdrawnOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ChangeNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_item_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_service_item_versions_service_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "service_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_sub_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyTaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LeadDepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SignDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Weight = table.Column<int>(type: "integer", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    SuspendedFrom = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Rejections = table.Column<int>(type: "integer", nullable: false),
                    LastReportRejected = table.Column<bool>(type: "boolean", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_sub_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sup_sub_tasks_sup_key_tasks_KeyTaskId",
                        column: x => x.KeyTaskId,
                        principalTable: "sup_key_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sup_sub_tasks_sup_sub_tasks_ParentId",
                        column: x => x.ParentId,
                        principalTable: "sup_sub_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "eval_round_departments",
                columns: table => new
                {
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Total = table.Column<double>(type: "double precision", nullable: true),
                    Rank = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_round_departments", x => new { x.RoundId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_eval_round_departments_eval_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "eval_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "eval_round_evaluators",
                columns: table => new
                {
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_round_evaluators", x => new { x.RoundId, x.UserId });
                    table.ForeignKey(
                        name: "FK_eval_round_evaluators_eval_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "eval_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "eval_scores",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EvaluatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Raw = table.Column<double>(type: "double precision", nullable: true),
                    RawText = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReasonEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    EvidenceFileId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_eval_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_eval_scores_eval_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "eval_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_item_materials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Necessity = table.Column<int>(type: "integer", nullable: false),
                    Condition = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Forms = table.Column<int>(type: "integer", nullable: false),
                    Copies = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    LicenseTypeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BlankFormUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SampleUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AcceptanceStandard = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_item_materials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_service_item_materials_service_item_versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "service_item_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_milestones",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubTaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_milestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sup_milestones_sup_sub_tasks_SubTaskId",
                        column: x => x.SubTaskId,
                        principalTable: "sup_sub_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubTaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Colour = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EscalatedToLeader = table.Column<bool>(type: "boolean", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SignOverdue = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sup_notices_sup_sub_tasks_SubTaskId",
                        column: x => x.SubTaskId,
                        principalTable: "sup_sub_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_progress_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubTaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AttachmentUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_progress_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sup_progress_reports_sup_sub_tasks_SubTaskId",
                        column: x => x.SubTaskId,
                        principalTable: "sup_sub_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_sub_task_co_departments",
                columns: table => new
                {
                    SubTaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_sub_task_co_departments", x => new { x.SubTaskId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_sup_sub_task_co_departments_sup_sub_tasks_SubTaskId",
                        column: x => x.SubTaskId,
                        principalTable: "sup_sub_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sup_report_files",
                columns: table => new
                {
                    FileId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubTaskId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sup_report_files", x => x.FileId);
                    table.ForeignKey(
                        name: "FK_sup_report_files_sup_progress_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "sup_progress_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_DepartmentId",
                table: "api_tokens",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_Hash",
                table: "api_tokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_daily_rollups_day_channel_sums",
                table: "application_daily_rollups",
                columns: new[] { "Day", "Channel", "DepartmentId", "Submitted", "Accepted", "Completed", "CompletedOnTime" });

            migrationBuilder.CreateIndex(
                name: "IX_application_daily_rollups_DepartmentId_Day",
                table: "application_daily_rollups",
                columns: new[] { "DepartmentId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_application_events_ApplicationId_Id",
                table: "application_events",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_application_extensions_ApplicationId",
                table: "application_extensions",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_handovers_ApplicationId",
                table: "application_handovers",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_handovers_DedupKey",
                table: "application_handovers",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_materials_ApplicationId",
                table: "application_materials",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_monthly_rollups_DepartmentId_Month",
                table: "application_monthly_rollups",
                columns: new[] { "DepartmentId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_application_pauses_ApplicationId",
                table: "application_pauses",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_ratings_ApplicationId",
                table: "application_ratings",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_ratings_DepartmentId_RatedOn",
                table: "application_ratings",
                columns: new[] { "DepartmentId", "RatedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_application_ratings_RatedOn_DepartmentId",
                table: "application_ratings",
                columns: new[] { "RatedOn", "DepartmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_application_results_ApplicationId",
                table: "application_results",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_results_HolderIndex_LicenceTypeCode",
                table: "application_results",
                columns: new[] { "HolderIndex", "LicenceTypeCode" });

            migrationBuilder.CreateIndex(
                name: "IX_application_results_LibrarySentAt_LibraryNextAttemptAt",
                table: "application_results",
                columns: new[] { "LibrarySentAt", "LibraryNextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_application_step_votes_TaskId_UserId",
                table: "application_step_votes",
                columns: new[] { "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_ApplicationId",
                table: "application_tasks",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_AssigneeId_Status_DueOn",
                table: "application_tasks",
                columns: new[] { "AssigneeId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_DepartmentId_Status_DueOn_OpenedAt",
                table: "application_tasks",
                columns: new[] { "DepartmentId", "Status", "DueOn", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_Status_DueOn",
                table: "application_tasks",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_applications_ApplicantIdIndex",
                table: "applications",
                column: "ApplicantIdIndex");

            migrationBuilder.CreateIndex(
                name: "IX_applications_ApplicantUserId_CreatedAt",
                table: "applications",
                columns: new[] { "ApplicantUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_applications_CreatedBy_IdempotencyKey",
                table: "applications",
                columns: new[] { "CreatedBy", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_applications_DepartmentId_Status_DueOn",
                table: "applications",
                columns: new[] { "DepartmentId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_applications_Number",
                table: "applications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_applications_SubmittedAt",
                table: "applications",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DepartmentId",
                table: "AspNetUsers",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IdNumberIndex",
                table: "AspNetUsers",
                column: "IdNumberIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_MobileIndex",
                table: "AspNetUsers",
                column: "MobileIndex");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Action_At",
                table: "audit_records",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_ActorDepartmentId_At",
                table: "audit_records",
                columns: new[] { "ActorDepartmentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_ActorId_At",
                table: "audit_records",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_At",
                table: "audit_records",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_PersonIndex_At",
                table: "audit_records",
                columns: new[] { "PersonIndex", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Sequence",
                table: "audit_records",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_unsequenced",
                table: "audit_records",
                column: "Id",
                filter: "\"Sequence\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_business_agents_UserId",
                table: "business_agents",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_businesses_CreditCode",
                table: "businesses",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_resource_versions_PublishedAt",
                table: "catalog_resource_versions",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_resource_versions_ResourceId_Version",
                table: "catalog_resource_versions",
                columns: new[] { "ResourceId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_resources_ClassificationCode_Sequence",
                table: "catalog_resources",
                columns: new[] { "ClassificationCode", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_resources_Code",
                table: "catalog_resources",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_resources_ProviderDepartmentId",
                table: "catalog_resources",
                column: "ProviderDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_sharing_requests_ConsumerDepartmentId_Status",
                table: "catalog_sharing_requests",
                columns: new[] { "ConsumerDepartmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_sharing_requests_ProviderDepartmentId_Status",
                table: "catalog_sharing_requests",
                columns: new[] { "ProviderDepartmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_sharing_requests_ResourceId",
                table: "catalog_sharing_requests",
                column: "ResourceId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_sharing_requests_Status",
                table: "catalog_sharing_requests",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_departments_CreditCode",
                table: "departments",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_departments_Name",
                table: "departments",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_eval_indicators_SystemId_Code",
                table: "eval_indicators",
                columns: new[] { "SystemId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_eval_project_systems_ProjectId",
                table: "eval_project_systems",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_eval_projects_DepartmentId",
                table: "eval_projects",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_eval_rounds_SystemId",
                table: "eval_rounds",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_eval_scores_RoundId_DepartmentId_IndicatorId_Kind_Evaluator~",
                table: "eval_scores",
                columns: new[] { "RoundId", "DepartmentId", "IndicatorId", "Kind", "EvaluatorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_eval_security_incidents_DepartmentId_OccurredOn",
                table: "eval_security_incidents",
                columns: new[] { "DepartmentId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_access_rights_ServiceRef",
                table: "exchange_access_rights",
                column: "ServiceRef");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_gateways_MemberRef",
                table: "exchange_gateways",
                column: "MemberRef");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_members_DepartmentId",
                table: "exchange_members",
                column: "DepartmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_members_MemberId",
                table: "exchange_members",
                column: "MemberId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_registration_codes_CodeHash",
                table: "exchange_registration_codes",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_services_ServiceId",
                table: "exchange_services",
                column: "ServiceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_subsystems_MemberRef_Code",
                table: "exchange_subsystems",
                columns: new[] { "MemberRef", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_traffic_DepartmentId_ReportedOn",
                table: "exchange_traffic",
                columns: new[] { "DepartmentId", "ReportedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_traffic_GatewayRef_ReportedAt",
                table: "exchange_traffic",
                columns: new[] { "GatewayRef", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_witnessed_heads_GatewayRef_ReceivedAt",
                table: "exchange_witnessed_heads",
                columns: new[] { "GatewayRef", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notification_outbox_NotificationId",
                table: "notification_outbox",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_notification_outbox_Status_NextAttemptAt",
                table: "notification_outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_RecipientUserId_CreatedAt",
                table: "notifications",
                columns: new[] { "RecipientUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_RecipientUserId_ReadAt",
                table: "notifications",
                columns: new[] { "RecipientUserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_rectifications_DepartmentId_Status_DueOn",
                table: "rating_rectifications",
                columns: new[] { "DepartmentId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_rectifications_RatingId",
                table: "rating_rectifications",
                column: "RatingId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rating_rectifications_Status_DueOn",
                table: "rating_rectifications",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_regions_ParentCode",
                table: "regions",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_service_halls_RegionCode",
                table: "service_halls",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_service_item_materials_VersionId_Order",
                table: "service_item_materials",
                columns: new[] { "VersionId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_service_item_versions_ItemId_Version",
                table: "service_item_versions",
                columns: new[] { "ItemId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_service_item_versions_PublishedAt",
                table: "service_item_versions",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_service_items_DepartmentId",
                table: "service_items",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_service_items_ImplementationCode",
                table: "service_items",
                column: "ImplementationCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stored_files_State_UploadedAt",
                table: "stored_files",
                columns: new[] { "State", "UploadedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_stored_files_StoreKey",
                table: "stored_files",
                column: "StoreKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stored_files_SubjectType_SubjectId",
                table: "stored_files",
                columns: new[] { "SubjectType", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_stored_files_UploadedById_State",
                table: "stored_files",
                columns: new[] { "UploadedById", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_sup_milestones_SubTaskId",
                table: "sup_milestones",
                column: "SubTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_notices_DepartmentId",
                table: "sup_notices",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_notices_SubTaskId_Colour_IssuedOn",
                table: "sup_notices",
                columns: new[] { "SubTaskId", "Colour", "IssuedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sup_progress_reports_SubTaskId",
                table: "sup_progress_reports",
                column: "SubTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_report_files_ReportId",
                table: "sup_report_files",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_report_files_SubTaskId",
                table: "sup_report_files",
                column: "SubTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_sub_task_co_departments_DepartmentId",
                table: "sup_sub_task_co_departments",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_sub_tasks_KeyTaskId",
                table: "sup_sub_tasks",
                column: "KeyTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_sub_tasks_LeadDepartmentId",
                table: "sup_sub_tasks",
                column: "LeadDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_sup_sub_tasks_ParentId",
                table: "sup_sub_tasks",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_definitions_ImplementationCode_Version",
                table: "workflow_definitions",
                columns: new[] { "ImplementationCode", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "application_daily_rollups");

            migrationBuilder.DropTable(
                name: "application_events");

            migrationBuilder.DropTable(
                name: "application_extensions");

            migrationBuilder.DropTable(
                name: "application_handovers");

            migrationBuilder.DropTable(
                name: "application_materials");

            migrationBuilder.DropTable(
                name: "application_monthly_rollups");

            migrationBuilder.DropTable(
                name: "application_pauses");

            migrationBuilder.DropTable(
                name: "application_ratings");

            migrationBuilder.DropTable(
                name: "application_results");

            migrationBuilder.DropTable(
                name: "application_sequences");

            migrationBuilder.DropTable(
                name: "application_step_votes");

            migrationBuilder.DropTable(
                name: "application_tasks");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "audit_archives");

            migrationBuilder.DropTable(
                name: "audit_leases");

            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "audit_tree_heads");

            migrationBuilder.DropTable(
                name: "audit_tree_nodes");

            migrationBuilder.DropTable(
                name: "business_agents");

            migrationBuilder.DropTable(
                name: "catalog_resource_versions");

            migrationBuilder.DropTable(
                name: "catalog_sharing_requests");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "eval_indicators");

            migrationBuilder.DropTable(
                name: "eval_project_systems");

            migrationBuilder.DropTable(
                name: "eval_round_departments");

            migrationBuilder.DropTable(
                name: "eval_round_evaluators");

            migrationBuilder.DropTable(
                name: "eval_scores");

            migrationBuilder.DropTable(
                name: "eval_security_incidents");

            migrationBuilder.DropTable(
                name: "exchange_access_rights");

            migrationBuilder.DropTable(
                name: "exchange_config_versions");

            migrationBuilder.DropTable(
                name: "exchange_gateways");

            migrationBuilder.DropTable(
                name: "exchange_members");

            migrationBuilder.DropTable(
                name: "exchange_registration_codes");

            migrationBuilder.DropTable(
                name: "exchange_services");

            migrationBuilder.DropTable(
                name: "exchange_subsystems");

            migrationBuilder.DropTable(
                name: "exchange_traffic");

            migrationBuilder.DropTable(
                name: "exchange_witnessed_heads");

            migrationBuilder.DropTable(
                name: "holiday_calendar_days");

            migrationBuilder.DropTable(
                name: "holiday_calendar_years");

            migrationBuilder.DropTable(
                name: "notification_outbox");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "rating_rectifications");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropTable(
                name: "rollup_checkpoints");

            migrationBuilder.DropTable(
                name: "service_halls");

            migrationBuilder.DropTable(
                name: "service_item_materials");

            migrationBuilder.DropTable(
                name: "stored_files");

            migrationBuilder.DropTable(
                name: "sup_milestones");

            migrationBuilder.DropTable(
                name: "sup_notices");

            migrationBuilder.DropTable(
                name: "sup_report_files");

            migrationBuilder.DropTable(
                name: "sup_sub_task_co_departments");

            migrationBuilder.DropTable(
                name: "workflow_definitions");

            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "businesses");

            migrationBuilder.DropTable(
                name: "catalog_resources");

            migrationBuilder.DropTable(
                name: "eval_projects");

            migrationBuilder.DropTable(
                name: "eval_rounds");

            migrationBuilder.DropTable(
                name: "service_item_versions");

            migrationBuilder.DropTable(
                name: "sup_progress_reports");

            migrationBuilder.DropTable(
                name: "eval_indicator_systems");

            migrationBuilder.DropTable(
                name: "service_items");

            migrationBuilder.DropTable(
                name: "sup_sub_tasks");

            migrationBuilder.DropTable(
                name: "sup_key_tasks");
        }
    }
}
