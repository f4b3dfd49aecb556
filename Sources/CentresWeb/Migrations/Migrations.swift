import Fluent

enum Migrations {
    /// In dependency order: a table comes after every table it references.
    static let all: [any Migration] = [
        CreatePackMeta(), CreateSources(), CreateProvenance(), CreateDistricts(), CreateAreas(), CreateVenues(),
        CreateCentres(), CreateCentreEvents(), CreateServiceCategories(), CreateServices(), CreateSessions(),
        CreateBudgetLines(), CreateFacts(), CreatePostcodes(), CreatePlaces(), CreateTravelMatrices(),
        CreateProposals(), AddProposalEditKeys(), CreateOrganisations(), CreateUsers(), CreateStaffSessions(), CreateOutbox(),
        CreatePasswordResets(), CreateAuditLog(), AddDirectoryUpkeep(), CreateWatchers(),
        AddProposalOwners(), CreatePetitions(), CreateSignatures(), CreatePetitionBlocklist(),
        CreatePetitionSheets(), AddPaperSignatureColumns(), CreateSheetScans(),
        AddPetitionAnonymisedAt(), AddOutboxDueIndex(), CreateConsultations(), CreateConsultationKeyings(),
        CreateConsultationCoding(),
    ]
}
