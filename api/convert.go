package api

import "closedset/internal/domain"

// Converters from domain types to the generated API types.

func toUser(u domain.User) User {
	return User{Id: u.ID, Email: u.Email, DisplayName: u.DisplayName, Pronouns: u.Pronouns}
}

func toProduction(p domain.Production) Production {
	return Production{Id: p.ID, Title: p.Title, Kind: ProductionKind(p.Kind), Timezone: p.Timezone,
		NoticeHours: p.NoticeHours, Role: Role(p.Role), CreatedAt: p.CreatedAt}
}

func toMember(m domain.Membership) Member {
	return Member{UserId: m.UserID, DisplayName: m.DisplayName, Pronouns: m.Pronouns, Role: Role(m.Role)}
}

func toMembership(m domain.Membership) Membership {
	return Membership{ProductionId: m.ProductionID, ProductionTitle: m.ProductionTitle, Role: Role(m.Role)}
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
