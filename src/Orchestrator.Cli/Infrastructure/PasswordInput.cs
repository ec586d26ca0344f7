using System.Text;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// A password read the one way the CLI reads secrets: one line of standard input when it is piped, else typed twice at a
/// prompt on stderr without echo. Never from an argument (arguments show in `ps`). The caller checks its length.
/// </summary>
internal static class PasswordInput
{
    public static string Read(string user)
    {
        if (Console.IsInputRedirected)
        {
            return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        }

        var password = ReadHidden($"password for {user}: ");
        return ReadHidden("again: ") == password
            ? password
            : throw new BadInputException("the two passwords differ; nothing was changed");
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
