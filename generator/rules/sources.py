"""Reference URLs for the source IDs used in RULES.md, so each rule can cite them."""

from __future__ import annotations

_AWS = "https://docs.aws.amazon.com"
_TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main"

QUOTAS = f"{_AWS}/vpc/latest/privatelink/vpc-limits-endpoints.html"
DOC_GW = f"{_AWS}/vpc/latest/privatelink/gateway-endpoints.html"
DOC_GW_OLD = (
    "https://github.com/awsdocs/amazon-vpc-user-guide/blob/master/doc_source/vpce-gateway.md"
)
DOC_IF_OLD = (
    "https://github.com/awsdocs/amazon-vpc-user-guide/blob/master/doc_source/vpce-interface.md"
)
DOC_IF = f"{_AWS}/vpc/latest/privatelink/create-interface-endpoint.html"
DOC_SERVICES = f"{_AWS}/vpc/latest/privatelink/aws-services-privatelink-support.html"
DOC_GWLBE = f"{_AWS}/vpc/latest/privatelink/vpce-gateway-load-balancer.html"
DOC_POL = f"{_AWS}/vpc/latest/privatelink/vpc-endpoints-access.html"
DOC_CES = f"{_AWS}/vpc/latest/privatelink/create-endpoint-service.html"
DOC_SHARE = f"{_AWS}/vpc/latest/privatelink/privatelink-share-your-services.html"
DOC_DNSNAMES = f"{_AWS}/vpc/latest/privatelink/manage-dns-names.html"
DNS_VERIFY_OLD = (
    "https://github.com/awsdocs/amazon-vpc-user-guide/blob/master/doc_source/"
    "endpoint-services-dns-validation.md"
)
DOC_XR_AWS = f"{_AWS}/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html"
BLOG_XR = (
    "https://aws.amazon.com/blogs/networking-and-content-delivery/"
    "introducing-cross-region-connectivity-for-aws-privatelink"
)
DOC_S3PL = f"{_AWS}/AmazonS3/latest/userguide/privatelink-interface-endpoints.html"
DOC_S3X = f"{_AWS}/AmazonS3/latest/userguide/s3-express-networking.html"
DOC_DDB = f"{_AWS}/amazondynamodb/latest/developerguide/privatelink-interface-endpoints.html"
WN_S3_IPV6 = "https://aws.amazon.com/about-aws/whats-new/2025/11/ipv6-amazon-s3-gateway-interface-vpc-endpoints/"
WP_PL = f"{_AWS}/whitepapers/latest/aws-vpc-connectivity-options/aws-privatelink.html"
API_CVE = f"{_AWS}/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html"
API_DNSOPT = f"{_AWS}/AWSEC2/latest/APIReference/API_DnsOptionsSpecification.html"
API_SUBCFG = f"{_AWS}/AWSEC2/latest/APIReference/API_SubnetConfiguration.html"
API_CESC = f"{_AWS}/AWSEC2/latest/APIReference/API_CreateVpcEndpointServiceConfiguration.html"
API_PERM = f"{_AWS}/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServicePermissions.html"
API_CN = f"{_AWS}/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html"
API_ROUTE = f"{_AWS}/AWSEC2/latest/APIReference/API_CreateRoute.html"
API_MVESC = f"{_AWS}/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServiceConfiguration.html"
CDK_IPT = f"{_AWS}/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.VpcEndpointIpAddressType.html"
CDK_DNS = f"{_AWS}/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.VpcEndpointDnsRecordIpType.html"
VPC_QUOTAS = f"{_AWS}/vpc/latest/userguide/amazon-vpc-limits.html"
EC2_TAGS = f"{_AWS}/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions"
R53_PHZ = f"{_AWS}/Route53/latest/DeveloperGuide/hosted-zones-private.html"
NLB_PP = (
    f"{_AWS}/elasticloadbalancing/latest/network/load-balancer-target-groups.html#proxy-protocol"
)
AZ_IDS = f"{_AWS}/ram/latest/userguide/working-with-az-ids.html"
REGIONS = f"{_AWS}/general/latest/gr/rande.html"
SG_RULES = f"{_AWS}/vpc/latest/userguide/security-group-rules.html"

TF_VPCE = f"{_TF}/internal/service/ec2/vpc_endpoint.go"
TF_REGION_GUIDE = f"{_TF}/website/docs/guides/enhanced-region-support.html.markdown"
TF_CHANGELOG = f"{_TF}/CHANGELOG.md"
TF_VPCE_DOC = f"{_TF}/website/docs/r/vpc_endpoint.html.markdown"
TF_VPCES = f"{_TF}/internal/service/ec2/vpc_endpoint_service.go"
TF_VPCES_DOC = f"{_TF}/website/docs/r/vpc_endpoint_service.html.markdown"
TF_AP_DOC = f"{_TF}/website/docs/r/vpc_endpoint_service_allowed_principal.html.markdown"
TF_CN = f"{_TF}/internal/service/ec2/vpc_endpoint_connection_notification.go"
TF_CN_DOC = f"{_TF}/website/docs/r/vpc_endpoint_connection_notification.html.markdown"
TF_SGA = f"{_TF}/internal/service/ec2/vpc_endpoint_security_group_association.go"
TF_PDNS_DOC = f"{_TF}/website/docs/r/vpc_endpoint_private_dns.html.markdown"
TF_PDNSV = f"{_TF}/internal/service/ec2/vpc_endpoint_service_private_dns_verification.go"
TF_POL_DOC = f"{_TF}/website/docs/r/vpc_endpoint_policy.html.markdown"
TF_ROUTE = f"{_TF}/internal/service/ec2/vpc_route.go"
TF_LBTG_DOC = f"{_TF}/website/docs/r/lb_target_group.html.markdown"
PULUMI_VPCE = "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpcendpoint/"

I_INBOUND = "https://github.com/hashicorp/terraform-provider-aws/issues/33689"
I_45846 = "https://github.com/hashicorp/terraform-provider-aws/issues/45846"
I_DUPAZ = "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/451"
I_AZ = "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/785"
I_XRAZ = "https://github.com/hashicorp/terraform-provider-aws/issues/44186"
I_PHZ = "https://github.com/hashicorp/terraform-provider-aws/issues/37783"

YAML_SPEC = "https://yaml.org/spec/1.2.2/"
JSON_RFC = "https://www.rfc-editor.org/rfc/rfc8259"
SPEC_MD = "SPEC.md (vpcegen spec language v1)"

# Endpoint services, principals, tags, security groups (ES/PRN/PDN/TAG/SG/Q families).
API_TAG = f"{_AWS}/AWSEC2/latest/APIReference/API_Tag.html"
API_ALLOWED_PRINCIPAL = f"{_AWS}/AWSEC2/latest/APIReference/API_AllowedPrincipal.html"
API_IP_PERMISSION = f"{_AWS}/AWSEC2/latest/APIReference/API_IpPermission.html"
EC2_ERRORS = f"{_AWS}/AWSEC2/latest/APIReference/errors-overview.html"
ELB_ARNS = (
    f"{_AWS}/service-authorization/latest/reference/list_elasticloadbalancingv2.html"
    "#elasticloadbalancingv2-resources-for-iam-policies"
)
TF_ACCEPTER = f"{_TF}/internal/service/ec2/vpc_endpoint_connection_accepter.go"
TF_R53_ZONE_DS = f"{_TF}/website/docs/d/route53_zone.html.markdown"
I_INVALID_PRINCIPAL = "https://github.com/hashicorp/terraform-provider-aws/issues/16657"
CDK_SERVICE_PRINCIPAL = "https://github.com/aws/aws-cdk/pull/29512"

# An endpoint service's own Network Load Balancer (NLB family, ES005/ES006, IP011/IP012).
_NLB = f"{_AWS}/elasticloadbalancing/latest/network"
NLB_TG_ATTRS = f"{_NLB}/edit-target-group-attributes.html"
NLB_PPV2 = f"{NLB_TG_ATTRS}#proxy-protocol"
NLB_CIP = f"{NLB_TG_ATTRS}#client-ip-preservation"
NLB_LISTENER = f"{_NLB}/create-listener.html"
NLB_TLS = f"{_NLB}/create-tls-listener.html"
NLB_ALB_TARGET = f"{_NLB}/application-load-balancer-target.html"
NLB_TG_CREATE = f"{_NLB}/create-target-group.html"
NLB_HEALTH = f"{_NLB}/target-group-health-checks.html"
NLB_QUOTAS = f"{_NLB}/load-balancer-limits.html"
NLB_SG = f"{_NLB}/load-balancer-security-groups.html"
NLB_ACCESS_LOGS = f"{_NLB}/load-balancer-access-logs.html"
NLB_IP_TYPE = f"{_NLB}/load-balancer-ip-address-type.html"
ELB_API_CLB = f"{_AWS}/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"
ELB_API_CTG = f"{_AWS}/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"
ELB_API_CL = f"{_AWS}/elasticloadbalancing/latest/APIReference/API_CreateListener.html"
TF_LB = f"{_TF}/internal/service/elbv2/load_balancer.go"
TF_LBTG = f"{_TF}/internal/service/elbv2/target_group.go"
PROXY_PROTOCOL = "https://www.haproxy.org/download/1.8/doc/proxy-protocol.txt"
# Sharing interface endpoints across VPCs (issue 15).
WP_CENTRAL = (
    f"{_AWS}/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/"
    "centralized-access-to-vpc-private-endpoints.html"
)
R53_CROSS_ACCOUNT = (
    f"{_AWS}/Route53/latest/DeveloperGuide/"
    "hosted-zone-private-associate-vpcs-different-accounts.html"
)
R53_QUOTAS = f"{_AWS}/Route53/latest/DeveloperGuide/DNSLimitations.html"
R53_INBOUND = (
    f"{_AWS}/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html"
)
S3_PRIVATELINK = f"{_AWS}/AmazonS3/latest/userguide/privatelink-interface-endpoints.html"
