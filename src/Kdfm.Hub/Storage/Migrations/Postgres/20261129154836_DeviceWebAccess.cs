using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Kdfm.Hub.Storage.Migrations.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayloadJson",
                table: "Tasks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedBy",
                table: "Tasks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "Tasks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebAccessPorts",
                table: "Devices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SshKeyAt",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SshPublicKey",
                table: "Agents",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetsJson",
                table: "Agents",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebSessionRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    Milliseconds = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebSessionRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    TenantId = table.Column<int>(type: "integer", nullable: false),
                    AgentId = table.Column<string>(type: "text", nullable: false),
                    DeviceKey = table.Column<string>(type: "text", nullable: false),
                    Address = table.Column<string>(type: "text", nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    ForwardPort = table.Column<int>(type: "integer", nullable: false),
                    ProxyPort = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "text", nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    EndReason = table.Column<string>(type: "text", nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    TunnelUpAt = table.Column<long>(type: "bigint", nullable: true),
                    TicketHash = table.Column<string>(type: "text", nullable: true),
                    TicketExpiresAt = table.Column<long>(type: "bigint", nullable: true),
                    CookieHash = table.Column<string>(type: "text", nullable: true),
                    Requests = table.Column<long>(type: "bigint", nullable: false),
                    BytesOut = table.Column<long>(type: "bigint", nullable: false)
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
