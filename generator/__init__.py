"""vpcegen: validate AWS VPC endpoint / PrivateLink specs and render Terraform modules."""

__version__ = "0.1.0"
