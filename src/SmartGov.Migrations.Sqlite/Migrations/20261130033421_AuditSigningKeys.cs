using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartGov.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditSigningKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_signing_keys",
                columns: table => new
                {
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Profile = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PublicKeyPem = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromTreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", maxLength: 160, nullable: false),
                    PreviousSignature = table.Column<byte[]>(type: "BLOB", maxLength: 160, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_signing_keys", x => x.Number);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_signing_keys_Fingerprint",
                table: "audit_signing_keys",
                column: "Fingerprint",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_signing_keys");
        }
    }
}
