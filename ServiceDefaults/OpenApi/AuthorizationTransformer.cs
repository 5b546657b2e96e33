using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.ServiceDefaults.OpenApi;

/// <summary>
/// Reads each endpoint's authorization metadata (the policies its route or group requires) instead of trusting a
/// hand-kept list: an authorized operation gets the bearer security requirement and its 401; one whose policy needs
/// roles (admin, or staff/admin for check-in) also gets its 403, the roles in <c>x-evently-roles</c>, and a line
/// saying so in its description.
/// </summary>
internal sealed class AuthorizationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public const string SchemeId = "bearer";
    public const string RolesExtension = "x-evently-roles";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        ProblemResponses.AddIfMissing(operation, StatusCodes.Status401Unauthorized,
            "No bearer token, or one that is invalid or expired: log in at POST /api/v1/auth/login.", context.Document);

        var roles = await RolesAsync(authorize);
        if (roles.Count == 0)
        {
            return;
        }

        ProblemResponses.AddIfMissing(operation, StatusCodes.Status403Forbidden,
            $"The token's user lacks the role this needs ({string.Join(" or ", roles)}).", context.Document);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
        var who = roles.Count == 1 ? $"**{roles[0]}** only" : $"roles: {string.Join(", ", roles.Select(r => $"**{r}**"))}";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Requires {who}." : $"{operation.Description}\n\nRequires {who}.";
    }

    /// <summary>The roles the endpoint's policies demand (any one of them lets a caller in).</summary>
    private async Task<List<string>> RolesAsync(IEnumerable<IAuthorizeData> authorize)
    {
        var roles = new List<string>();
        foreach (var data in authorize)
        {
            if (!string.IsNullOrEmpty(data.Roles))
            {
                roles.AddRange(data.Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }

            var policy = data.Policy is { Length: > 0 } name ? await policies.GetPolicyAsync(name) : null;
            foreach (var requirement in policy?.Requirements.OfType<RolesAuthorizationRequirement>() ?? [])
            {
                roles.AddRange(requirement.AllowedRoles);
            }
        }

        return [.. roles.Distinct(StringComparer.Ordinal)];
    }
}
