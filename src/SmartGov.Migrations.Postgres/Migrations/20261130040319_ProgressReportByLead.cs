using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartGov.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ProgressReportByLead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ByLead",
                table: "sup_progress_reports",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Reports made before the flag existed: the best record of who led is the lead department now.
            migrationBuilder.Sql("UPDATE \"sup_progress_reports\" SET \"ByLead\" = COALESCE(\"DepartmentId\" = (SELECT s.\"LeadDepartmentId\" FROM \"sup_sub_tasks\" s WHERE s.\"Id\" = \"sup_progress_reports\".\"SubTaskId\"), FALSE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ByLead",
                table: "sup_progress_reports");
        }
    }
}
