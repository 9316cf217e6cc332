package domain

// CheckDecisionVersion is rule 1 (consent is specific): a confirmation or
// decline names the choreography version it decides on, and only the current
// one is accepted. It returns a not-found no_choreography error when nothing
// is published (current == 0), a conflict stale_version error with
// Extra["currentVersion"] when requested is not the current version, and nil
// otherwise.
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

// Withdrawal is rule 2 (consent is reversible): a performer may withdraw at
// any time, in one tap, without a reason — nothing is checked, whatever
// version is current or whether any is published. The withdrawal names the
// current version, takes effect at once (it stands until a later decision,
// see CurrentConsent, and blocks the scene, see ComputeReadiness), and is
// flagged postPhotography after the shoot (rule 3). Who is told what is
// ConsentAlerts's.
func Withdrawal(sc Scene) ConsentDecision {
	return ConsentDecision{SceneID: sc.ID, Version: sc.CurrentVersion, State: ConsentWithdrawn,
		PostPhotography: IsPostPhotography(sc.Status)}
}

// IsPostPhotography is rule 3 (after photography): a scene with status shot or
// wrapped has been photographed, so a withdrawal is still recorded but
// flagged postPhotography — a request about footage use that keeps the scene
// blocked and does not rewrite history.
func IsPostPhotography(status SceneStatus) bool {
	return status == SceneShot || status == SceneWrapped
}

// CurrentConsent is rule 4 (revisions re-open consent), and the only place
// that decides a performer's consent state against the scene's current
// choreography version, given their latest decision as stored (nil when they
// have none): a confirmation or decline counts for the version it names only,
// so publishing a new version puts it back to pending; a withdrawal stands
// whatever the version until a later decision replaces it (Withdrawal);
// anything else is pending. Consent is never inferred from silence.
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
