using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartGov.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Reports made before the flag existed: the best record of who led is the lead department now.
            migrationBuilder.Sql("UPDATE \"sup_progress_reports\" SET \"ByLead\" = COALESCE(\"DepartmentId\" = (SELECT s.\"LeadDepartmentId\" FROM \"sup_sub_tasks\" s WHERE s.\"Id\" = \"sup_progress_reports\".\"SubTaskId\"), 0);");
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
