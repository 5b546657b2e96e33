Console.WriteLine("apphost: not yet");
