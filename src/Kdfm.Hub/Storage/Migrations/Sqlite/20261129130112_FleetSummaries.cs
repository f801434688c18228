using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kdfm.Hub.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FleetSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CountersStored",
                table: "Readings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "DeviceCounters",
                columns: table => new
                {
                    ReadingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeviceKey = table.Column<string>(type: "TEXT", nullable: false),
                    CollectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceCounters", x => new { x.ReadingId, x.Name });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Readings_CountersStored_Id",
                table: "Readings",
                columns: new[] { "CountersStored", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Devices_LowestSupplyPercent",
                table: "Devices",
                column: "LowestSupplyPercent");

            migrationBuilder.CreateIndex(
                name: "IX_Devices_Status_ErrorCount",
                table: "Devices",
                columns: new[] { "Status", "ErrorCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Devices_Vendor",
                table: "Devices",
                column: "Vendor");

            migrationBuilder.CreateIndex(
                name: "IX_DeviceCounters_TenantId_DeviceKey_Name_CollectedAt",
                table: "DeviceCounters",
                columns: new[] { "TenantId", "DeviceKey", "Name", "CollectedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeviceCounters");

            migrationBuilder.DropIndex(
                name: "IX_Readings_CountersStored_Id",
                table: "Readings");

            migrationBuilder.DropIndex(
                name: "IX_Devices_LowestSupplyPercent",
                table: "Devices");

            migrationBuilder.DropIndex(
                name: "IX_Devices_Status_ErrorCount",
                table: "Devices");

            migrationBuilder.DropIndex(
                name: "IX_Devices_Vendor",
                table: "Devices");

            migrationBuilder.DropColumn(
                name: "CountersStored",
                table: "Readings");
        }
    }
}
