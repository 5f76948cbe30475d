namespace Paperclip.Testing;

/// <summary>Credentials the AWS SDK's default chain finds in the environment; moto and the HTTP stub accept any.</summary>
public static class AwsTestCredentials
{
    /// <summary>Puts them in this process's environment (the same values everywhere, so parallel tests agree).</summary>
    public static void Use()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }
}
