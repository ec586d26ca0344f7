using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldDirectoryTests : SeededWorldTests
{
    private static readonly DirectoryAccount Account = new(@"CONTOSO\lkadmin", "not-a-real-password");

    private static readonly (string User, string Domain, string HomeServer)[] Users =
    [
        ("alice", "contoso", "node1"),
        ("bob", "contoso", "node1"),
        ("carol", "fabrikam", "node2"),
    ];

    [Fact]
    public async Task Seeded_users_are_homed_on_their_servers_with_their_domain()
    {
        await T.World.SeedUsersAsync(Users);

        Assert.Equal(["alice", "bob"], await T.World.UsersHomedOnAsync("NODE1", None));
        Assert.Empty(await T.World.UsersHomedOnAsync("node3", None));
        Assert.Equal("node2", await T.World.HomeOfAsync("CAROL", None));
        Assert.Null(await T.World.HomeOfAsync("dave", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(new UserSnapshot("carol", "fabrikam", "node2"), snapshot.Users[2]);
        Assert.Equal("node1", snapshot.HomeOf("Alice"));
    }

    [Fact]
    public async Task Moving_a_user_rehomes_it_and_is_counted_under_the_target_server()
    {
        await T.World.SeedUsersAsync(Users);

        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);

        Assert.Equal("node2", await T.World.HomeOfAsync("alice", None));
        Assert.Equal(["bob"], await T.World.UsersHomedOnAsync("node1", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Applied["UserMove:node2/alice"]);
        Assert.Empty(snapshot.Violations);
    }

    [Fact]
    public async Task Moving_a_user_where_it_already_lives_is_a_no_op_and_the_same_key_is_a_replay()
    {
        await T.World.SeedUsersAsync(Users);
        var key = T.Key();
        await T.World.EnsureUserHomedAsync("alice", "node2", Account, key, None);

        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);
        await T.World.EnsureUserHomedAsync("alice", "node1", Account, T.Key(), None);
        await T.World.EnsureUserHomedAsync("alice", "node2", Account, key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal("node1", snapshot.HomeOf("alice"));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.UserMove, "node2", "alice"));
        Assert.Equal(1, snapshot.NoOps[EffectKind.UserMove]);
        Assert.Equal(1, snapshot.Replayed[EffectKind.UserMove]);
        Assert.Equal(4, snapshot.Calls[EffectKind.UserMove]);
    }

    [Fact]
    public async Task A_user_with_an_injected_fault_fails_every_move_until_the_fault_is_cleared()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.FailUserMoveAsync("ALICE");

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<EnvironmentException>(
                () => T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None));
            Assert.True(error.Transient);
        }

        await T.World.EnsureUserHomedAsync("bob", "node2", Account, T.Key(), None);
        await T.World.ClearUserFaultAsync("alice");
        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal("node2", snapshot.HomeOf("alice"));
        Assert.Equal(2, snapshot.Failed[EffectKind.UserMove]);
        Assert.Equal(2, snapshot.AppliedCount(EffectKind.UserMove));
    }

    [Fact]
    public async Task Clearing_every_fault_lets_a_failing_user_move_again()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.FailUserMoveAsync("alice");

        await T.World.ClearFaultsAsync();

        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);
        Assert.Equal("node2", await T.World.HomeOfAsync("alice", None));
    }

    [Fact]
    public async Task Fail_next_works_for_user_moves_by_server_and_user()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.FailNextAsync(EffectKind.UserMove, "node2/alice", 1);

        await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None));
        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.UserMove]);
        Assert.Equal("node2", snapshot.HomeOf("alice"));
    }

    [Fact]
    public async Task Moving_a_user_to_a_server_on_a_down_node_fails_as_transient()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.FailNodeAsync("node2");

        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None));

        Assert.True(error.Transient);
        Assert.Equal("node1", await T.World.HomeOfAsync("alice", None));
        Assert.Equal(1, (await T.SnapshotAsync()).Failed[EffectKind.UserMove]);
    }

    [Fact]
    public async Task Users_homed_on_a_down_server_can_still_be_listed_and_moved_away()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.FailNodeAsync("node1");

        foreach (var user in await T.World.UsersHomedOnAsync("node1", None))
        {
            await T.World.EnsureUserHomedAsync(user, "node2", Account, T.Key(), None);
        }

        Assert.Equal(["alice", "bob", "carol"], await T.World.UsersHomedOnAsync("node2", None));
    }

    [Fact]
    public async Task Moving_an_unknown_user_names_the_known_ones_and_is_not_counted()
    {
        await T.World.SeedUsersAsync(Users);

        var error = await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => T.World.EnsureUserHomedAsync("dave", "node2", Account, T.Key(), None));

        Assert.Equal("user", error.ObjectKind);
        Assert.Equal(["alice", "bob", "carol"], error.KnownNames);
        Assert.Equal(0, (await T.SnapshotAsync()).Calls[EffectKind.UserMove]);
    }

    [Fact]
    public async Task Seeding_users_again_keeps_their_current_home_and_does_not_write_the_file()
    {
        await T.World.SeedUsersAsync(Users);
        await T.World.EnsureUserHomedAsync("alice", "node2", Account, T.Key(), None);

        await T.World.SeedUsersAsync(Users);

        Assert.Equal(0, T.Store.LastUpdateRows.Written);
        Assert.Equal("node2", await T.World.HomeOfAsync("alice", None));
    }

    [Fact]
    public async Task Seeding_a_user_homed_on_an_unknown_server_adds_no_user()
    {
        var error = await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => T.World.SeedUsersAsync([("dave", "contoso", "node1"), ("erin", "contoso", "node9")]));

        Assert.Equal("node9", error.Name);
        Assert.Empty((await T.SnapshotAsync()).Users);
    }
}
