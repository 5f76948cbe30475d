using System.Text.Json.Nodes;
using Paperclip.Secrets.Aws;

using static Paperclip.Testing.SecretsHarness;

namespace Paperclip.Secrets.Tests;

/// <summary>What only the AWS provider does, against a real moto server: names, tags, pending versions, recoverable deletes, guards, sanitized errors.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AwsSecretsManagerTests(AzuriteFixture azurite, MotoServer moto)
{
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AManagedSecret_LivesUnderItsDerivedName_WithOwnershipTags_AndRotationNeverMovesAwsCurrent()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        string ns = vault.Config.GetProperty("namespace").GetString()!;

        CompanySecret secret = await h.Secrets.CreateAsync(SecretsHarness.Board, company, CreateSecretCommand.Parse(Body(new { name = "Stripe key", value = "sk-1", providerConfigId = vault.Id })), None);

        JsonNode described = (await moto.CallAsync("DescribeSecret", new { SecretId = secret.ExternalRef }))!;
        Assert.Equal($"paperclip/{ns}/{company:D}/stripe-key", described["Name"]!.GetValue<string>());
        Dictionary<string, string> tags = described["Tags"]!.AsArray().ToDictionary(t => t!["Key"]!.GetValue<string>(), t => t!["Value"]!.GetValue<string>());
        Assert.Equal("paperclip", tags["paperclip:managed-by"]);
        Assert.Equal(company.ToString("D"), tags["paperclip:company-id"]);
        Assert.Equal("stripe-key", tags["paperclip:secret-key"]);
        Assert.Equal("Paperclip secret Stripe key", described["Description"]!.GetValue<string>());

        await h.Secrets.RotateAsync(SecretsHarness.Board, company, secret.Id, RotateSecretCommand.Parse(Body(new { value = "sk-2" })), None);
        SecretVersion v2 = (await h.Store.GetVersionAsync(company, secret.Id, 2, None))!;
        JsonObject stages = (await moto.CallAsync("DescribeSecret", new { SecretId = secret.ExternalRef }))!["VersionIdsToStages"]!.AsObject();
        Assert.Equal(["PAPERCLIP_PENDING"], stages[v2.ProviderVersionRef!]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("sk-1", (await moto.CallAsync("GetSecretValue", new { SecretId = secret.ExternalRef }))!["SecretString"]!.GetValue<string>());

        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, secret.Id, None);
        Assert.NotNull((await moto.CallAsync("DescribeSecret", new { SecretId = secret.ExternalRef }))!["DeletedDate"]);
    }

    [Fact]
    public async Task AnExternalReference_IsNeverWritten_ResolvesTheOperatorsValue_AndCannotPointIntoTheManagedNamespace()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        string remote = "ops/" + Guid.NewGuid().ToString("N")[..8] + "/db";
        string arn = (await moto.CallAsync("CreateSecret", new { Name = remote, SecretString = "operator-value" }))!["ARN"]!.GetValue<string>();

        await moto.StartRecordingAsync();
        CompanySecret linked = await h.Secrets.CreateAsync(SecretsHarness.Board, company,
            CreateSecretCommand.Parse(Body(new { name = "Ops DB", managedMode = "external_reference", externalRef = arn, providerConfigId = vault.Id })), None);
        Assert.Empty(await moto.StopRecordingAsync());

        Assert.Equal("operator-value", await h.ResolveBoundAsync(company, linked.Id));

        // Deleting the reference leaves the operator's secret alone.
        await h.Secrets.DeleteAsync(SecretsHarness.Board, company, linked.Id, None);
        Assert.Null((await moto.CallAsync("DescribeSecret", new { SecretId = arn }))!["DeletedDate"]);

        string ns = vault.Config.GetProperty("namespace").GetString()!;
        PaperclipException own = await Assert.ThrowsAnyAsync<PaperclipException>(() => h.Secrets.CreateAsync(SecretsHarness.Board, company,
            CreateSecretCommand.Parse(Body(new { name = "Sneaky", managedMode = "external_reference", externalRef = $"paperclip/{ns}/{company:D}/stripe-key", providerConfigId = vault.Id })), None));
        Assert.Equal((422, SecretErrorCodes.OwnNamespace), (own.Status, own.Code));
    }

    [Fact]
    public async Task ProviderErrors_AreSanitized_AndAudited()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        string missing = $"arn:aws:secretsmanager:us-east-1:123456789012:secret:nowhere/{Guid.NewGuid():N}-AbCdEf";
        CompanySecret linked = await h.Secrets.CreateAsync(SecretsHarness.Board, company,
            CreateSecretCommand.Parse(Body(new { name = "Missing", managedMode = "external_reference", externalRef = missing, providerConfigId = vault.Id })), None);

        SecretProviderException error = await Assert.ThrowsAsync<SecretProviderException>(() => h.ResolveBoundAsync(company, linked.Id));

        Assert.Equal((404, SecretErrorCodes.ProviderNotFound, "AWS Secrets Manager could not find the requested secret."), (error.Status, error.Code, error.Message));
        Assert.DoesNotContain("123456789012", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(SecretErrorCodes.ProviderNotFound, (await h.Secrets.AccessEventsAsync(SecretsHarness.Board, company, linked.Id, 1, None))[0].ErrorCode);
    }

    [Theory]
    [InlineData("paperclip/prod/c1/api-key", true)]
    [InlineData("arn:aws:secretsmanager:us-east-1:1:secret:paperclip/prod/c1/api-key-AbC123", true)]
    [InlineData("arn:aws:secretsmanager:us-east-1:1:secret:paperclip/prod/c1/api-key-toolong1", false)]
    [InlineData("paperclip/other/c1/api-key", false)]
    [InlineData("paperclip/prod/c1/api-key-2", false)]
    public void DriftGuard_AcceptsOnlyTheDerivedName(string stored, bool accepted)
    {
        AwsScope scope = new("us-east-1", new Uri("https://example.invalid/"), "paperclip", "prod", null, "test", "paperclip");
        Guid company = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
        string expectedName = scope.ManagedName(company, "api-key");
        string reference = stored.Replace("c1", company.ToString("D"), StringComparison.Ordinal);

        if (accepted)
        {
            Assert.Equal(reference, AwsSecretsManagerProvider.DriftGuard(scope, company, "api-key", [reference]));
        }
        else
        {
            Assert.Equal(SecretErrorCodes.RefDrifted, Assert.Throws<PaperclipException>(() => AwsSecretsManagerProvider.DriftGuard(scope, company, "api-key", [reference])).Code);
        }

        Assert.Equal(expectedName, AwsSecretsManagerProvider.DriftGuard(scope, company, "api-key", [null, " "]));
    }

    [Theory]
    [InlineData(" prod env ", "prod-env")]
    [InlineData("a//b/", "a/b")]
    [InlineData("/team:x/", "team-x")]
    [InlineData("ok_+=.@-", "ok_+=.@-")]
    public void Sanitize_AsUpstream(string input, string expected) => Assert.Equal(expected, AwsScope.Sanitize(input));

    [Fact]
    public async Task Config_IsValidated_AndHealthReportsWhatIsMissing()
    {
        await using SecretsHarness h = new(azurite, moto: moto);
        Guid company = await h.CompanyAsync();
        PaperclipException invalid = await Assert.ThrowsAnyAsync<PaperclipException>(() => h.Vaults.CreateAsync(SecretsHarness.Board, company,
            CreateVaultCommand.Parse(Body(new { provider = "aws_secrets_manager", displayName = "Bad", config = new { region = "Mars-1", color = "red" } })), None));
        Assert.Equal(["config.color", "config.region"], invalid.Errors!.Keys.Order(StringComparer.Ordinal));

        ProviderHealth deployment = await h.Aws!.CheckHealthAsync(null, None);
        Assert.Equal(ProviderHealth.Warn, deployment.Status);
        Assert.Contains("PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID", deployment.Message, StringComparison.Ordinal);

        SecretVault vault = await h.AwsVaultAsync(company);
        VaultHealthReport report = await h.Vaults.CheckHealthAsync(SecretsHarness.Board, company, vault.Id, None);
        Assert.Equal("us-east-1", report.Details["region"]);
    }
}
