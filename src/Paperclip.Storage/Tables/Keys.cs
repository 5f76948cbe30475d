namespace Paperclip.Storage.Tables;

/// <summary>Partition and row keys. Every company-owned row is partitioned by its company id.</summary>
internal static class Keys
{
    public static string Of(Guid id) => id.ToString("D");
}
