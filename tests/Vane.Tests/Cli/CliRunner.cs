using System.Diagnostics;

namespace Vane.Tests.Cli;

/// <summary>Runs the built `vane` command line (Vane.Cli.dll beside the tests) as a user would.</summary>
public static class CliRunner
{
    /// <summary>Runs with <paramref name="args"/>; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vane.Cli.dll"));
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["HF_HUB_OFFLINE"] = "1"; // a test never reaches the network
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"vane {string.Join(' ', args)} did not finish in 120 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
