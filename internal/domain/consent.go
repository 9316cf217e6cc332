package domain

// CurrentConsent returns a performer's consent state against the scene's
// current choreography version, given their latest decision (nil when they
// have none): pending without history or when a confirmation or decline names
// an older version (rule 4), withdrawn whatever the version until a later
// decision replaces it (rule 2), otherwise the decision's own state. Consent is
// never inferred from silence.
func CurrentConsent(latest *ConsentDecision, currentVersion int) ConsentState {
	if latest == nil {
		return ConsentPending
	}
	switch latest.State {
	case ConsentWithdrawn:
		return ConsentWithdrawn
	case ConsentConfirmed, ConsentDeclined:
		if currentVersion > 0 && latest.Version == currentVersion {
			return latest.State
		}
	}
	return ConsentPending
}

// CheckDecisionVersion enforces rule 1 (consent is specific): it returns a
// not-found no_choreography error when nothing is published (current == 0), a
// conflict stale_version error with Extra["currentVersion"] when requested is
// not the current version, and nil otherwise.
func CheckDecisionVersion(requested, current int) error {
	if current == 0 {
		return E(KindNotFound, "no_choreography", "No choreography has been published for this scene.")
	}
	if requested != current {
		e := E(KindConflict, "stale_version", "Version %d is not the current choreography; the current version is %d.", requested, current)
		e.Extra = map[string]any{"currentVersion": current}
		return e
	}
	return nil
}

// IsPostPhotography reports whether a scene has been photographed (status shot
// or wrapped), so that a withdrawal is flagged postPhotography (rule 3).
func IsPostPhotography(status SceneStatus) bool {
	return status == SceneShot || status == SceneWrapped
}
