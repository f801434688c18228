namespace Kdfm.Hub.Access;

/// <summary>What the audit log records, one code an action.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in.failed";
    public const string SignOut = "sign-out";
    public const string SignOutEverywhere = "sign-out.everywhere";
    public const string Lockout = "account.locked";
    public const string Disabled = "account.disabled";
    public const string Enabled = "account.enabled";
    public const string IdleDisabled = "account.idle-disabled";
    public const string TwoFactorEnabled = "2fa.enabled";
    public const string TwoFactorDisabled = "2fa.disabled";
    public const string RecoveryCodeUsed = "2fa.recovery-code-used";
    public const string RecoveryCodesRenewed = "2fa.recovery-codes-renewed";
    public const string UserCreated = "user.created";
    public const string UserChanged = "user.changed";
    public const string PasswordSet = "user.password-set";
    public const string PasswordChanged = "user.password-changed";
    public const string TwoFactorEnrolmentFailed = "2fa.enrolment-failed";
    public const string DirectoryUserCreated = "user.created-from-directory";
    public const string DirectoryRoleChanged = "user.role-from-directory";
    public const string AuditPurged = "audit.purged";
    public const string PasswordLink = "user.password-link";
    public const string RoleCreated = "role.created";
    public const string RoleChanged = "role.changed";
    public const string RoleDeleted = "role.deleted";
    public const string TenantCreated = "tenant.created";
    public const string TenantChanged = "tenant.changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string CodeCreated = "enrolment-code.created";
    public const string CodeExpired = "enrolment-code.expired";
    public const string AgentActivated = "agent.activated";
    public const string AgentRevoked = "agent.revoked";
    public const string TaskCreated = "task.created";
    public const string WebSessionOpened = "web-session.opened";
    public const string WebSessionEnded = "web-session.ended";
    public const string SshKeyRotated = "agent.ssh-key-rotated";
    public const string Export = "export";
    public const string Denied = "denied";
}
