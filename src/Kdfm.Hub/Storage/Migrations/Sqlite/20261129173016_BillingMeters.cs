using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kdfm.Hub.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BillingMeters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MeterDefinition",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BillingValue",
                table: "DeviceCounters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Flags",
                table: "DeviceCounters",
                type: "TEXT",
                nullable: true);

            // Counters stored before issue 14 had no flags: each was trusted, and billing used its value. Their scan
            // total was named "scan" (Kdfm.Printers MeterNames.Current).
            migrationBuilder.Sql("UPDATE \"DeviceCounters\" SET \"BillingValue\" = \"Value\"");
            migrationBuilder.Sql("UPDATE \"DeviceCounters\" SET \"Name\" = 'scan.total' WHERE \"Name\" = 'scan'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MeterDefinition",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "BillingValue",
                table: "DeviceCounters");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "DeviceCounters");
        }
    }
}
