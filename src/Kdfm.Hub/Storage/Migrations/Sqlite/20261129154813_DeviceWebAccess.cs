using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kdfm.Hub.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeviceWebAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WebAccessPorts",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayloadJson",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedBy",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebAccessPorts",
                table: "Devices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SshKeyAt",
                table: "Agents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SshPublicKey",
                table: "Agents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetsJson",
                table: "Agents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebSessionRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Milliseconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebSessionRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceKey = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    ForwardPort = table.Column<int>(type: "INTEGER", nullable: false),
                    ProxyPort = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", nullable: true),
                    TunnelUpAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TicketHash = table.Column<string>(type: "TEXT", nullable: true),
                    TicketExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CookieHash = table.Column<string>(type: "TEXT", nullable: true),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesOut = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebSessions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebSessionRequests_SessionId_Id",
                table: "WebSessionRequests",
                columns: new[] { "SessionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebSessions_AgentId_ClosedAt",
                table: "WebSessions",
                columns: new[] { "AgentId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebSessions_ClosedAt",
                table: "WebSessions",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WebSessions_TenantId_DeviceKey_OpenedAt",
                table: "WebSessions",
                columns: new[] { "TenantId", "DeviceKey", "OpenedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WebSessionRequests");

            migrationBuilder.DropTable(
                name: "WebSessions");

            migrationBuilder.DropColumn(
                name: "WebAccessPorts",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "PayloadJson",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "RequestedBy",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ResultJson",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "WebAccessPorts",
                table: "Devices");

            migrationBuilder.DropColumn(
                name: "SshKeyAt",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "SshPublicKey",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "TargetsJson",
                table: "Agents");
        }
    }
}
